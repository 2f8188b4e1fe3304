package com.bazaar.reconciliation.run;

import com.bazaar.batch.input.InputFile;
import com.bazaar.batch.jobs.JobParameter;
import com.bazaar.batch.jobs.JobRequest;
import com.bazaar.reconciliation.settlement.StripeReference;
import com.bazaar.reconciliation.settlement.StripeSettlementParser;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Reconcile a provider's settlement file. Identifying: the provider and the file's checksum (the same file is one
 * run: running it again does nothing), and for a Stripe file read with a reference setting other than the default
 * ({@code recon.stripe.reference}), that setting - the same file read another way matches other payments, so it is
 * another run; describing: its path, whether it supersedes earlier runs, the payout date it is reconciled as of
 * (default: its last booking date), the grace days of payments not yet settled and the partitions its lines are
 * classified in (1: in this process alone).
 */
public record ReconciliationRequest(String provider, InputFile.Identified input, boolean supersede,
                                    Optional<LocalDate> payoutDate, int graceDays, int partitions,
                                    StripeReference stripeReference) implements JobRequest {

    public ReconciliationRequest {
        Objects.requireNonNull(stripeReference, "stripeReference");
    }

    /** Stripe references read as by default. */
    public ReconciliationRequest(String provider, InputFile.Identified input, boolean supersede,
                                 Optional<LocalDate> payoutDate, int graceDays, int partitions) {
        this(provider, input, supersede, payoutDate, graceDays, partitions, StripeReference.defaults());
    }

    /** Classified in this process alone. */
    public ReconciliationRequest(String provider, InputFile.Identified input, boolean supersede,
                                 Optional<LocalDate> payoutDate, int graceDays) {
        this(provider, input, supersede, payoutDate, graceDays, 1);
    }

    @Override
    public String job() {
        return ReconciliationJobConfiguration.JOB;
    }

    @Override
    public List<JobParameter> parameters() {
        List<JobParameter> parameters = new ArrayList<>(List.of(
                JobParameter.identifying(ReconciliationJobConfiguration.PROVIDER, provider.toLowerCase(Locale.ROOT)),
                JobParameter.identifying(ReconciliationJobConfiguration.SHA256, input.sha256()),
                JobParameter.describing(ReconciliationJobConfiguration.FILE, input.file().toString()),
                JobParameter.describing(ReconciliationJobConfiguration.SUPERSEDE, Boolean.toString(supersede)),
                JobParameter.describing(ReconciliationJobConfiguration.PAYOUT_DATE,
                        payoutDate.map(LocalDate::toString).orElse("")),
                JobParameter.describing(ReconciliationJobConfiguration.GRACE_DAYS, Integer.toString(graceDays)),
                JobParameter.describing(JobParameter.PARTITIONS, Integer.toString(partitions))));
        // only when it changes what the run means: the runs of the default setting keep the identity they always had
        if (provider.strip().equalsIgnoreCase(StripeSettlementParser.NAME) && !stripeReference.isDefault()) {
            parameters.add(JobParameter.identifying(ReconciliationJobConfiguration.STRIPE_REFERENCE,
                    stripeReference.spec()));
        }
        return List.copyOf(parameters);
    }
}
