package com.bazaar.reconciliation.settlement;

import com.bazaar.domain.shared.ValidationException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The setting recon.stripe.reference: what it accepts, its canonical spelling, and what it refuses, saying why. */
class StripeReferenceTest {

    @Test
    void theDefaultIsWhatTheParserAlwaysDid() {
        assertThat(StripeReference.defaults().spec()).isEqualTo("metadata:bazaar_payment,description");
        assertThat(StripeReference.defaults().isDefault()).isTrue();
        assertThat(StripeReference.parse("  metadata:bazaar_payment , description ").isDefault()).isTrue();
        assertThat(StripeReference.parse("metadata:bazaar_payment").isDefault()).isFalse();
    }

    @Test
    void aPatternTakesTheRestOfTheValueCommasIncluded() {
        StripeReference r = StripeReference.parse("charge_id,metadata:order_id,description:order (\\d{1,3},\\d+)");
        assertThat(r.spec()).isEqualTo("charge_id,metadata:order_id,description:order (\\d{1,3},\\d+)");
        assertThat(r.columns()).containsExactly("charge_id", "payment_metadata[order_id]", "description");
    }

    @Test
    void anUnusableValueIsRefusedSayingWhy() {
        String[][] cases = {
                {"", "it is empty"},
                {"metadata", "'metadata' is not a source"},
                {"metadata:", "the metadata key '' is not"},
                {"metadata:order id", "the metadata key 'order id' is not"},
                {"charge", "'charge' is not a source"},
                {"description:", "the description pattern must be 1 to 200 characters"},
                {"description:order \\d+", "the description pattern has no group"},
                {"description:order (\\d+", "the description pattern is not a regular expression"},
                {"charge_id,", "'' is not a source"}};
        for (String[] c : cases) {
            refused(c[0], c[1]);
        }
    }

    private static void refused(String value, String why) {
        ValidationException e = catchThrowableOfType(ValidationException.class, () -> StripeReference.parse(value));
        assertThat(e).as(value).isNotNull();
        assertThat(e.code()).isEqualTo("CONFIG_INVALID");
        assertThat(e.getMessage()).startsWith("recon.stripe.reference: ").contains(why)
                .endsWith("expected one or more of metadata:KEY, description, description:REGEX (last), charge_id,"
                        + " separated by commas");
    }
}
