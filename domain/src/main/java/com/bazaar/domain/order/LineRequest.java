package com.bazaar.domain.order;

import com.bazaar.domain.catalog.Sku;
import com.bazaar.domain.shared.Numbers;
import com.bazaar.domain.shared.ValidationException;

/** One requested line, {@code SKU:QTY} on the command line: a SKU and a quantity of 1 to 100000. */
public record LineRequest(Sku sku, long quantity) {

    public static final long MAX_QUANTITY = 100_000;

    public LineRequest {
        if (quantity < 1 || quantity > MAX_QUANTITY) {
            throw new ValidationException("QUANTITY_INVALID", "line", "quantity of " + sku + " must be 1 to "
                    + MAX_QUANTITY + " (got " + quantity + ")");
        }
    }

    /** Parses {@code SKU:QTY}. */
    public static LineRequest parse(String text) {
        String raw = text == null ? "" : text.strip();
        int colon = raw.lastIndexOf(':');
        if (colon <= 0 || colon == raw.length() - 1) {
            throw new ValidationException("LINE_INVALID", "line", "a line is SKU:QTY, e.g. MUG-01:2 (got '" + raw + "')");
        }
        String digits = raw.substring(colon + 1).strip();
        if (!Numbers.isAsciiDigits(digits)) {
            throw new ValidationException("LINE_INVALID", "line", "the quantity in '" + Numbers.abbreviated(raw)
                    + "' is not a whole number written with the digits 0-9");
        }
        Sku sku = Sku.of(raw.substring(0, colon));
        if (digits.length() > 18) {
            throw new ValidationException("QUANTITY_INVALID", "line", "quantity of " + sku + " must be 1 to "
                    + MAX_QUANTITY + " (got " + Numbers.abbreviated(digits) + ")");
        }
        return new LineRequest(sku, Long.parseLong(digits)); // ASCII digits only, at most 18: parses exactly
    }
}
