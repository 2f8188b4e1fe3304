package com.bazaar.reconciliation.run;

import com.bazaar.batch.input.InputFile;
import com.bazaar.batch.jobs.JobParameter;
import com.bazaar.reconciliation.settlement.StripeReference;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reference setting changes what a Stripe run matches, so a setting other than the default identifies the run
 * (the same file read another way is another run, not "already reconciled"); the default leaves the identity of runs
 * as it always was, and other providers ignore the setting.
 */
class AStripeReferenceSettingIsPartOfTheRunTest {

    private static final InputFile.Identified FILE = new InputFile.Identified(Path.of("/in/stripe.csv"), "ab".repeat(32));

    private static List<JobParameter> identifying(String provider, StripeReference reference) {
        return new ReconciliationRequest(provider, FILE, false, Optional.empty(), 2, 1, reference).parameters().stream()
                .filter(JobParameter::identifying).toList();
    }

    @Test
    void theDefaultIdentifiesARunByProviderAndFileAlone() {
        assertThat(identifying("stripe", StripeReference.defaults())).extracting(JobParameter::name)
                .containsExactly(ReconciliationJobConfiguration.PROVIDER, ReconciliationJobConfiguration.SHA256);
        assertThat(identifying("stripe", StripeReference.defaults()))
                .isEqualTo(new ReconciliationRequest("stripe", FILE, false, Optional.empty(), 2).parameters().stream()
                        .filter(JobParameter::identifying).toList());
    }

    @Test
    void anotherSettingIsAnotherRunOfTheSameFile() {
        assertThat(identifying("stripe", StripeReference.parse("metadata:order_id")))
                .contains(JobParameter.identifying(ReconciliationJobConfiguration.STRIPE_REFERENCE, "metadata:order_id"));
        assertThat(identifying("stripe", StripeReference.parse("charge_id")))
                .isNotEqualTo(identifying("stripe", StripeReference.parse("metadata:order_id")));
    }

    @Test
    void otherProvidersIgnoreIt() {
        assertThat(identifying("adyen", StripeReference.parse("charge_id")))
                .isEqualTo(identifying("adyen", StripeReference.defaults()));
    }
}
