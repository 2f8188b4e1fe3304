package com.bazaar.domain.catalog;

import java.util.List;

/**
 * The import plan's warning about steep price cuts: a row whose new price is below {@code 100 - percent}% of the
 * product's current price (it drops by more than {@code percent}%) is named in the plan. The SQL of the plan counts
 * such rows with {@link #keptPercent()} as a parameter; {@link #warns} is the same rule in plain Java.
 */
public record PriceDropWarning(int percent) {

    /** The plan warns of prices that drop by more than half. */
    public static final PriceDropWarning PLAN = new PriceDropWarning(50);

    public PriceDropWarning {
        if (percent <= 0 || percent >= 100) {
            throw new IllegalArgumentException("a price-drop warning needs a percentage between 1 and 99, not "
                    + percent);
        }
    }

    /** The share of the old price, in percent, below which the new price warns. */
    public int keptPercent() {
        return 100 - percent;
    }

    /** True when {@code newMinor} is below {@link #keptPercent()}% of {@code oldMinor} (exact, no rounding). */
    public boolean warns(long oldMinor, long newMinor) {
        return java.math.BigInteger.valueOf(newMinor).multiply(java.math.BigInteger.valueOf(100))
                .compareTo(java.math.BigInteger.valueOf(oldMinor).multiply(java.math.BigInteger.valueOf(keptPercent())))
                < 0;
    }

    /** The plan's warning line: how many prices drop, and the first SKUs. */
    public String message(long count, List<String> skus) {
        return count + " price(s) drop by more than " + percent + "%: " + String.join(", ", skus);
    }
}
