package com.bazaar.reconciliation.settlement;

import com.bazaar.domain.shared.ValidationException;

import java.util.List;
import java.util.Locale;

/** The settlement formats by their command-line names: {@code generic}, {@code stripe}, {@code adyen}. */
public final class SettlementFormats {

    /** The known format names, in the order they are listed to people. */
    public static final List<String> NAMES =
            List.of(GenericSettlementParser.NAME, StripeSettlementParser.NAME, AdyenSettlementParser.NAME);

    private SettlementFormats() {
    }

    /**
     * The parser of the named format (case-insensitive, surrounding blanks ignored).
     *
     * @throws ValidationException {@code FORMAT_INVALID} (field {@code format}) for any other name, naming the
     *                             known formats
     */
    public static SettlementParser named(String name) {
        return named(name, StripeReference.defaults());
    }

    /** As {@link #named(String)}, the Stripe parser reading references as {@code stripeReference} says. */
    public static SettlementParser named(String name, StripeReference stripeReference) {
        String key = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        return switch (key) {
            case GenericSettlementParser.NAME -> new GenericSettlementParser();
            case StripeSettlementParser.NAME -> new StripeSettlementParser(stripeReference);
            case AdyenSettlementParser.NAME -> new AdyenSettlementParser();
            default -> throw new ValidationException("FORMAT_INVALID", "format", "unknown settlement format '"
                    + (name == null ? "" : name.strip()) + "': the known formats are " + String.join(", ", NAMES));
        };
    }
}
