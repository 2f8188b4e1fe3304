package com.bazaar.cli.commands;

import com.bazaar.cli.CliContext;
import com.bazaar.cli.ExitCode;
import com.bazaar.domain.seller.application.CreateSeller;
import com.bazaar.domain.seller.application.ReinstateSeller;
import com.bazaar.domain.seller.application.SuspendSeller;
import com.bazaar.domain.shared.CurrencyCode;
import com.bazaar.domain.seller.Seller;
import com.bazaar.domain.seller.SellerCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "seller", mixinStandardHelpOptions = true, description = "Manage sellers.",
        subcommands = {SellerCommand.Create.class, SellerCommand.ListSellers.class, SellerCommand.Show.class,
                SellerCommand.Suspend.class, SellerCommand.Reinstate.class})
final class SellerCommand extends Group {

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Register a seller.")
    static final class Create implements Callable<Integer> {
        private final CliContext context;

        @Option(names = "--code", required = true, paramLabel = "CODE",
                description = "Unique code: 2-32 letters, digits, '-' or '_', starting with a letter (upper-cased).")
        String code;

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "Display name (1-200 characters).")
        String name;

        @Option(names = "--currency", required = true, paramLabel = "ISO",
                description = "ISO 4217 currency the seller prices in, e.g. USD, EUR, JPY.")
        String currency;

        @Mixin
        ReasonOption reason;

        @Mixin
        IdempotencyOption idempotency;

        Create(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            var draft = new Seller.Draft(SellerCode.of(code), name, CurrencyCode.of(currency));
            var created = context.services().createSeller().create(new CreateSeller.Command(
                    context.actor().withReason(reason.reason), idempotency.key(), draft));
            var output = context.output();
            output.message(created.replayed() ? "Seller " + draft.code() + " was already created with this "
                    + "idempotency key:" : "Created seller " + draft.code() + ".");
            output.record(Views.seller(created.seller()));
            return ExitCode.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List sellers in code order, a page at a time (a seller user sees only its own; docs/paging.md).")
    static final class ListSellers implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        PageOptions.WithAll paging;

        ListSellers(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            var sellers = context.services().listSellers();
            paging.print(context, Views.SELLER_COLUMNS, page -> sellers.list(context.actor(), page), Views::seller);
            return ExitCode.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one seller.")
    static final class Show implements Callable<Integer> {
        private final CliContext context;

        @Parameters(index = "0", paramLabel = "CODE", description = "The seller's code.")
        String code;

        Show(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            var seller = context.services().showSeller().show(context.actor(), SellerCode.of(code));
            context.output().record(Views.seller(seller));
            return ExitCode.OK;
        }
    }

    @Command(name = "suspend", mixinStandardHelpOptions = true,
            description = "Suspend a seller (it keeps its data but cannot sell). Repeating it changes nothing.")
    static final class Suspend implements Callable<Integer> {
        private final CliContext context;

        @Parameters(index = "0", paramLabel = "CODE", description = "The seller's code.")
        String code;

        @Option(names = "--reason", required = true, paramLabel = "TEXT",
                description = "Why; shown on the seller and recorded in the audit trail.")
        String reason;

        Suspend(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            var outcome = context.services().suspendSeller().suspend(
                    new SuspendSeller.Command(context.actor(), SellerCode.of(code), reason));
            var output = context.output();
            output.message(outcome.changed() ? "Suspended seller " + outcome.seller().code() + "."
                    : "Seller " + outcome.seller().code() + " was already suspended; nothing changed.");
            var view = Views.seller(outcome.seller());
            view.put("changed", outcome.changed());
            output.record(view);
            return ExitCode.OK;
        }
    }

    @Command(name = "reinstate", mixinStandardHelpOptions = true,
            description = "Lift a seller's suspension. Repeating it changes nothing.")
    static final class Reinstate implements Callable<Integer> {
        private final CliContext context;

        @Parameters(index = "0", paramLabel = "CODE", description = "The seller's code.")
        String code;

        @Mixin
        ReasonOption reason;

        Reinstate(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            var outcome = context.services().reinstateSeller().reinstate(
                    new ReinstateSeller.Command(context.actor().withReason(reason.reason), SellerCode.of(code)));
            var output = context.output();
            output.message(outcome.changed() ? "Reinstated seller " + outcome.seller().code() + "."
                    : "Seller " + outcome.seller().code() + " was already active; nothing changed.");
            var view = Views.seller(outcome.seller());
            view.put("changed", outcome.changed());
            output.record(view);
            return ExitCode.OK;
        }
    }
}
