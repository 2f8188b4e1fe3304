package com.bazaar.cli.commands;

import com.bazaar.cli.CliContext;
import com.bazaar.cli.ExitCode;
import com.bazaar.domain.seller.SellerCode;
import com.bazaar.domain.shared.ValidationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "report", mixinStandardHelpOptions = true, description = "Reports from read models fed by events.",
        subcommands = {ReportCommand.Sales.class})
final class ReportCommand extends Group {

    @Command(name = "sales", mixinStandardHelpOptions = true,
            description = {"A seller's orders, units and revenue per day (UTC), from the read model the worker's sales"
                    + " consumer builds from bazaar.order.v1 and bazaar.payment.v1: as current as the worker (see its"
                    + " lag).",
                    "Net of cancellations and refunds: a cancelled order is taken out of the day it was placed on"
                            + " (orders, units and revenue), a refund paid back (RefundIssued) is subtracted from the"
                            + " revenue of the day its order was placed on."})
    static final class Sales implements Callable<Integer> {
        private final CliContext context;

        @Option(names = "--seller", required = true, paramLabel = "CODE", description = "The seller.")
        String seller;

        @Option(names = "--from", required = true, paramLabel = "YYYY-MM-DD", description = "First day.")
        String from;

        @Option(names = "--to", required = true, paramLabel = "YYYY-MM-DD", description = "Last day (inclusive).")
        String to;

        Sales(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            var days = context.services().showSales().show(context.actor(), SellerCode.of(seller), day(from, "from"),
                    day(to, "to"));
            List<Map<String, Object>> rows = days.stream().map(d -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("day", d.day().toString());
                m.put("orders", d.orders());
                m.put("units", d.units());
                m.put("revenue", d.revenue().decimal());
                m.put("currency", d.revenue().currency().value());
                return m;
            }).toList();
            context.output().list(rows, List.of("day", "orders", "units", "revenue", "currency"));
            return ExitCode.OK;
        }

        private static LocalDate day(String raw, String field) {
            try {
                return LocalDate.parse(raw.strip());
            } catch (java.time.format.DateTimeParseException e) {
                throw new ValidationException("DATE_INVALID", field, "--" + field + " is a day YYYY-MM-DD (got '"
                        + com.bazaar.domain.shared.Numbers.abbreviated(raw) + "')");
            }
        }
    }
}
