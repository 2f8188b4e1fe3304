package com.bazaar.cli.commands;

import com.bazaar.cli.CliContext;
import com.bazaar.cli.ExitCode;
import com.bazaar.domain.pricing.application.CreateDiscount;
import com.bazaar.domain.catalog.Sku;
import com.bazaar.domain.order.LineRequest;
import com.bazaar.domain.pricing.DiscountRule;
import com.bazaar.domain.seller.SellerCode;
import com.bazaar.domain.shared.ValidationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code bazaar price quote} and {@code bazaar discount create|list}. */
final class PriceCommand {

    private PriceCommand() {
    }

    static Instant when(String raw, String option) {
        try {
            return Instant.parse(raw.strip());
        } catch (DateTimeParseException notInstant) {
            try {
                return LocalDate.parse(raw.strip()).atStartOfDay().toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notDate) {
                throw new ValidationException("DATE_INVALID", option, option + " must be a date (2026-12-01) or an"
                        + " instant (2026-12-01T00:00:00Z) (got '" + raw + "')");
            }
        }
    }

    static Map<String, Object> view(DiscountRule r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("discount", r.id());
        m.put("rule", r.describe().substring(r.describe().indexOf(' ') + 1));
        m.put("valid_from", r.validFrom());
        m.put("valid_until", r.validUntil());
        return m;
    }

    @Command(name = "price", mixinStandardHelpOptions = true, description = "Prices: quotes with their breakdown.",
            subcommands = {Quote.class})
    static final class Group extends com.bazaar.cli.commands.Group {
    }

    @Command(name = "quote", mixinStandardHelpOptions = true,
            description = "Price lines exactly as an order placed now would be, with the breakdown per line.")
    static final class Quote implements Callable<Integer> {
        private final CliContext context;

        @Option(names = "--seller", required = true, paramLabel = "CODE", description = "The seller.")
        String seller;

        @Option(names = "--line", required = true, paramLabel = "SKU:QTY", description = "A line; repeat for more.")
        List<String> lines;

        Quote(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            var quote = context.services().quotePrice().quote(context.actor(), SellerCode.of(seller),
                    lines.stream().map(LineRequest::parse).toList());
            var rows = quote.lines().stream().map(l -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("sku", l.product().sku().value());
                m.put("quantity", l.quantity());
                m.put("unit_price", l.unitPrice().decimal());
                m.put("gross", l.gross().decimal());
                m.put("discount", l.discount().decimal());
                m.put("rule", l.rule().map(DiscountRule::describe));
                m.put("total", l.total().decimal());
                return m;
            }).toList();
            var output = context.output();
            if (output.json()) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("seller", quote.seller().value());
                json.put("lines", rows);
                json.put("total", quote.total().decimal());
                json.put("currency", quote.total().currency().value());
                output.record(json);
            } else {
                output.list(rows, List.of("sku", "quantity", "unit_price", "gross", "discount", "rule", "total"));
                output.message("Total: " + quote.total());
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "discount", mixinStandardHelpOptions = true, description = "A seller's discount rules.",
            subcommands = {Create.class, ListDiscounts.class})
    static final class Discount extends com.bazaar.cli.commands.Group {
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Add a discount rule: --percent P or --amount A (off each unit), for --sku S, --category C or"
                    + " --all, valid --from (default now) --until (optional).",
                    "Each order line gets the single best valid discount (docs/pricing.md)."})
    static final class Create implements Callable<Integer> {
        private final CliContext context;

        @Option(names = "--seller", required = true, paramLabel = "CODE", description = "The seller.")
        String seller;

        @Option(names = "--sku", paramLabel = "SKU", description = "Only this product.")
        String sku;

        @Option(names = "--category", paramLabel = "TEXT", description = "Only products of this category.")
        String category;

        @Option(names = "--all", description = "Every product of the seller.")
        boolean all;

        @Option(names = "--percent", paramLabel = "P", description = "Percentage off, e.g. 10 or 12.5.")
        String percent;

        @Option(names = "--amount", paramLabel = "AMOUNT", description = "Amount off each unit, e.g. 2.00.")
        String amount;

        @Option(names = "--from", paramLabel = "WHEN", description = "Valid from (date or instant; default now).")
        String from;

        @Option(names = "--until", paramLabel = "WHEN", description = "Valid until, exclusive (date or instant).")
        String until;

        @Mixin
        ReasonOption reason;

        @Mixin
        IdempotencyOption idempotency;

        Create(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            var rule = context.services().createDiscount().create(new CreateDiscount.Command(
                    context.actor().withReason(reason.reason), idempotency.key(), SellerCode.of(seller),
                    Optional.ofNullable(sku).map(Sku::of), Optional.ofNullable(category), all,
                    Optional.ofNullable(percent), Optional.ofNullable(amount),
                    Optional.ofNullable(from).map(f -> when(f, "--from")),
                    Optional.ofNullable(until).map(u -> when(u, "--until"))));
            context.output().message("Created discount " + rule.describe() + ".");
            context.output().record(view(rule));
            return ExitCode.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List a seller's discount rules, oldest first, a page at a time (docs/paging.md).")
    static final class ListDiscounts implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        PageOptions.WithAll paging;

        @Option(names = "--seller", required = true, paramLabel = "CODE", description = "The seller.")
        String seller;

        ListDiscounts(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            var prices = context.services().quotePrice();
            paging.print(context, List.of("discount", "rule", "valid_from", "valid_until"),
                    page -> prices.discounts(context.actor(), SellerCode.of(seller), page), PriceCommand::view);
            return ExitCode.OK;
        }
    }
}
