package com.bazaar.cli.commands;

import com.bazaar.cli.CliContext;
import com.bazaar.cli.ExitCode;
import com.bazaar.domain.payment.application.IssueRefund;
import com.bazaar.domain.payment.Refund;
import com.bazaar.domain.shared.IdempotencyKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "refund", mixinStandardHelpOptions = true, description = "Refund captured payments, in part or in full.",
        subcommands = {RefundCommand.Create.class, RefundCommand.ListRefunds.class, RefundCommand.SettlePending.class})
final class RefundCommand extends Group {

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Refund part or all of a captured payment, exactly once per idempotency key.",
                    "More than is left to refund: exit 4. Declined by the provider: exit 4."})
    static final class Create implements Callable<Integer> {
        private final CliContext context;

        @Option(names = "--payment", required = true, paramLabel = "PAYMENT", description = "The payment id.")
        String payment;

        @Option(names = "--amount", required = true, paramLabel = "AMOUNT", description = "e.g. 5.00")
        String amount;

        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why.")
        String reason;

        @Option(names = "--idempotency-key", required = true, paramLabel = "KEY", description = "Makes it safe to repeat.")
        String key;

        Create(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            var issued = context.services().issueRefund().issue(new IssueRefund.Command(context.actor(),
                    new IdempotencyKey(key), PaymentCommand.paymentId(payment), amount, reason));
            var output = context.output();
            Refund refund = issued.refund();
            output.message((issued.replayed() ? "Refund " + refund.id() + " was already requested with this key; it is "
                    : "Refund " + refund.id() + " ") + refund.status() + ". Payment " + payment + " has "
                    + issued.payment().refundable() + " left to refund.");
            var view = Views.refund(refund);
            view.put("refundable_left", issued.payment().refundable().decimal());
            view.put("replayed", issued.replayed());
            output.record(view);
            if (refund.status() == Refund.Status.UNKNOWN || refund.status() == Refund.Status.PENDING) {
                context.err().println("note: the provider's answer is not final; run 'bazaar payment resolve'");
            }
            return refund.status() == Refund.Status.FAILED ? ExitCode.REJECTED : ExitCode.OK;
        }
    }

    @Command(name = "settle-pending", mixinStandardHelpOptions = true,
            description = "The janitor: settle refunds the provider left PENDING or UNKNOWN by asking it - never by"
                    + " refunding again.")
    static final class SettlePending implements Callable<Integer> {
        private final CliContext context;

        SettlePending(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            int settled = context.services().settleInDoubtPayments().settleRefunds(context.actor());
            context.output().message("Settled " + settled + " refund(s) whose provider answer was not final.");
            context.output().record(java.util.Map.of("settled", settled));
            return ExitCode.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List refunds (of one payment, or all), newest first, a page at a time (docs/paging.md).")
    static final class ListRefunds implements Callable<Integer> {
        private final CliContext context;

        @Option(names = "--payment", paramLabel = "PAYMENT", description = "Only this payment's refunds.")
        String payment;

        @Mixin
        PageOptions.WithAll paging;

        ListRefunds(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            var refunds = context.services().listRefunds();
            var of = Optional.ofNullable(payment).map(PaymentCommand::paymentId);
            paging.print(context, Views.REFUND_COLUMNS, page -> refunds.list(context.actor(), of, page), Views::refund);
            return ExitCode.OK;
        }
    }
}
