package com.bazaar.cli.commands;

import com.bazaar.cli.CliContext;
import com.bazaar.cli.ExitCode;
import com.bazaar.cli.output.Output;
import picocli.CommandLine.Command;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "ledger", mixinStandardHelpOptions = true,
        description = "The double-entry ledger of money movements (debits positive, credits negative).",
        subcommands = {LedgerCommand.Balance.class, LedgerCommand.Check.class})
final class LedgerCommand extends Group {

    @Command(name = "balance", mixinStandardHelpOptions = true, description = "Balance of every account per currency.")
    static final class Balance implements Callable<Integer> {
        private final CliContext context;

        Balance(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            var rows = context.services().ledgerReport().balances(context.actor()).stream().map(b -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("account", b.account());
                m.put("balance", b.balance().decimal());
                m.put("currency", b.balance().currency().value());
                return m;
            }).toList();
            context.output().list(rows, List.of("account", "balance", "currency"));
            return ExitCode.OK;
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Prove every transaction and the whole ledger sum to zero per currency (exit 4 if not).")
    static final class Check implements Callable<Integer> {
        private final CliContext context;

        Check(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            var check = context.services().ledgerReport().check(context.actor());
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("status", check.balanced() ? "BALANCED" : "UNBALANCED");
            view.put("totals", check.totals().stream().map(t -> {
                Map<String, Object> total = new LinkedHashMap<>();
                total.put("amount", t.decimal());
                total.put("currency", t.currency().value());
                return Output.shown(total, t.toString());
            }).toList());
            view.put("unbalanced_transactions", check.unbalanced());
            context.output().message(check.balanced() ? "Ledger balanced: every transaction sums to zero."
                    : "Ledger UNBALANCED.");
            context.output().record(view);
            if (!check.balanced()) {
                Output.error(context.err(), "ledger unbalanced: " + String.join(", ", check.unbalanced()));
                return ExitCode.REJECTED;
            }
            return ExitCode.OK;
        }
    }
}
