package com.bazaar.domain.catalog;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The plan's price-drop warning: strictly more than the declared share, exact at the boundary, its words. */
class PriceDropWarningTest {

    @Test
    void thePlanWarnsOfDropsOfMoreThanHalf() {
        PriceDropWarning plan = PriceDropWarning.PLAN;
        assertThat(plan.percent()).isEqualTo(50);
        assertThat(plan.warns(1299, 649)).isTrue();
        assertThat(plan.warns(150, 75)).as("exactly half is not more than half").isFalse();
        assertThat(plan.warns(151, 75)).isTrue();
        assertThat(plan.warns(100, 100)).isFalse();
        assertThat(plan.warns(100, 200)).isFalse();
        assertThat(plan.warns(100_000_000_000L, 49_999_999_999L)).isTrue();
    }

    @Test
    void theWarningNamesTheCountAndTheSkus() {
        assertThat(PriceDropWarning.PLAN.message(2, List.of("MUG-01", "PEN-01")))
                .isEqualTo("2 price(s) drop by more than 50%: MUG-01, PEN-01");
    }

    @Test
    void aWarningNeedsAPercentageStrictlyBetweenNoneAndAll() {
        assertThatThrownBy(() -> new PriceDropWarning(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PriceDropWarning(100)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new PriceDropWarning(80).keptPercent()).isEqualTo(20);
    }
}
