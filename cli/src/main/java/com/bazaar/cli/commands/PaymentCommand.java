package com.bazaar.cli.commands;

import com.bazaar.cli.CliContext;
import com.bazaar.cli.ExitCode;
import com.bazaar.domain.payment.application.ProcessPayment;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.payment.PaymentId;
import com.bazaar.domain.shared.Numbers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;

@Command(name = "payment", mixinStandardHelpOptions = true,
        description = {"Payments of orders, through the payment provider (the simulated one by default).",
                "An order's payment id is shown by 'bazaar order show'."},
        subcommands = {PaymentCommand.Show.class, PaymentCommand.Authorize.class, PaymentCommand.Capture.class,
                PaymentCommand.Void.class, PaymentCommand.Resolve.class})
final class PaymentCommand extends Group {

    static PaymentId paymentId(String raw) {
        return new PaymentId(Numbers.id(raw, "payment", "PAYMENT_ID_INVALID",
                "a payment id is a positive whole number written with the digits 0-9"));
    }

    abstract static class Operation implements Callable<Integer> {
        final CliContext context;

        @Parameters(index = "0", paramLabel = "PAYMENT", description = "The payment id.")
        String id;

        @Mixin
        ReasonOption reason;

        Operation(CliContext context) {
            this.context = context;
        }

        abstract BiFunction<Actor, PaymentId, ProcessPayment.Outcome> operation(ProcessPayment payments);

        @Override
        public Integer call() {
            var outcome = operation(context.services().processPayment())
                    .apply(context.actor().withReason(reason.reason), paymentId(id));
            var output = context.output();
            output.message("Payment " + id + " is " + outcome.payment().status() + (outcome.changed() ? "." : "; nothing"
                    + " changed."));
            outcome.note().ifPresent(note -> com.bazaar.cli.output.Output.diagnostic(context.err(), "note", note));
            Map<String, Object> view = Views.payment(outcome.payment());
            view.put("changed", outcome.changed());
            view.put("note", outcome.note());
            output.record(view);
            boolean declined = outcome.note().map(n -> n.startsWith("the provider declined")).orElse(false);
            return declined ? ExitCode.REJECTED : ExitCode.OK;
        }
    }

    @Command(name = "authorize", mixinStandardHelpOptions = true,
            description = "Ask the provider to authorize the order's amount. Declined: exit 4.")
    static final class Authorize extends Operation {
        Authorize(CliContext context) {
            super(context);
        }

        BiFunction<Actor, PaymentId, ProcessPayment.Outcome> operation(ProcessPayment p) {
            return p::authorize;
        }
    }

    @Command(name = "capture", mixinStandardHelpOptions = true,
            description = "Capture an authorized payment: the order becomes PAID and its stock leaves the warehouse.")
    static final class Capture extends Operation {
        Capture(CliContext context) {
            super(context);
        }

        BiFunction<Actor, PaymentId, ProcessPayment.Outcome> operation(ProcessPayment p) {
            return p::capture;
        }
    }

    @Command(name = "void", mixinStandardHelpOptions = true, description = "Void an authorized payment.")
    static final class Void extends Operation {
        Void(CliContext context) {
            super(context);
        }

        BiFunction<Actor, PaymentId, ProcessPayment.Outcome> operation(ProcessPayment p) {
            return p::voidPayment;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a payment.")
    static final class Show implements Callable<Integer> {
        private final CliContext context;

        @Parameters(index = "0", paramLabel = "PAYMENT", description = "The payment id.")
        String id;

        Show(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            context.output().record(Views.payment(context.services().processPayment().show(context.actor(),
                    paymentId(id))));
            return ExitCode.OK;
        }
    }

    @Command(name = "resolve", mixinStandardHelpOptions = true,
            description = "Settle payments whose provider answer was PENDING or UNKNOWN by asking the provider.")
    static final class Resolve implements Callable<Integer> {
        private final CliContext context;

        Resolve(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            int payments = context.services().processPayment().resolve(context.actor());
            int refunds = context.services().issueRefund().resolve(context.actor());
            context.output().message("Settled " + payments + " payment(s) and " + refunds + " refund(s) in doubt.");
            context.output().record(Map.of("payments_settled", payments, "refunds_settled", refunds));
            return ExitCode.OK;
        }
    }
}
