package com.bazaar.cli.commands;

import com.bazaar.cli.CliContext;
import com.bazaar.cli.ExitCode;
import com.bazaar.domain.catalog.application.ChangeProduct;
import com.bazaar.domain.catalog.application.CreateProduct;
import com.bazaar.domain.catalog.Attributes;
import com.bazaar.domain.catalog.ProductStatus;
import com.bazaar.domain.seller.SellerCode;
import com.bazaar.domain.shared.ValidationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "product", mixinStandardHelpOptions = true, description = "Manage a seller's products.",
        subcommands = {ProductCommand.Create.class, ProductCommand.Show.class, ProductCommand.ListProducts.class,
                ProductCommand.Activate.class, ProductCommand.Suspend.class, ProductCommand.Retire.class,
                ProductCommand.Price.class})
final class ProductCommand extends Group {

    static void print(CliContext context, ChangeProduct.Outcome outcome, String done, String already) {
        var output = context.output();
        output.message(outcome.changed() ? done : already);
        var view = Views.product(outcome.product());
        view.put("changed", outcome.changed());
        output.record(view);
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Add a product to a seller's catalog, as a DRAFT (activate it to sell it).",
                    "The price is in the seller's currency with its decimals, e.g. 12.99 (USD) or 1200 (JPY)."})
    static final class Create implements Callable<Integer> {
        private final CliContext context;

        @Option(names = "--seller", required = true, paramLabel = "CODE", description = "The seller's code.")
        String seller;

        @Option(names = "--sku", required = true, paramLabel = "SKU", description = "1-64 letters, digits, '-', '_', '.'.")
        String sku;

        @Option(names = "--title", required = true, paramLabel = "TEXT", description = "1-200 characters.")
        String title;

        @Option(names = "--price", required = true, paramLabel = "AMOUNT", description = "Price, e.g. 12.99.")
        String price;

        @Option(names = "--category", paramLabel = "TEXT", description = "Category (1-100 characters).")
        String category;

        @Option(names = "--description", paramLabel = "TEXT", description = "Description (up to 5000 characters).")
        String description;

        @Option(names = "--attributes", paramLabel = "JSON",
                description = "A small JSON object of attributes, e.g. '{\"color\":\"red\",\"size\":42}'.")
        String attributes;

        @Mixin
        ReasonOption reason;

        @Mixin
        IdempotencyOption idempotency;

        Create(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            var command = new CreateProduct.Command(context.actor().withReason(reason.reason), idempotency.key(),
                    SellerCode.of(seller), com.bazaar.domain.catalog.Sku.of(sku), title, Optional.ofNullable(description),
                    Optional.ofNullable(category), parseAttributes(attributes), price);
            var created = context.services().createProduct().create(command);
            var output = context.output();
            output.message(created.replayed() ? "Product " + sku + " was already created with this idempotency key:"
                    : "Created product " + sku + " (DRAFT).");
            output.record(Views.product(created.product()));
            return ExitCode.OK;
        }
    }

    static Attributes parseAttributes(String json) {
        if (json == null || json.isBlank()) {
            return Attributes.NONE;
        }
        JsonNode node;
        try {
            node = JsonMapper.builder().build().readTree(json);
        } catch (JacksonException e) {
            throw new ValidationException("ATTRIBUTES_INVALID", "attributes", "--attributes must be a JSON object such "
                    + "as '{\"color\":\"red\"}' (" + e.getOriginalMessage() + ")");
        }
        if (node == null || !node.isObject()) {
            throw new ValidationException("ATTRIBUTES_INVALID", "attributes", "--attributes must be a JSON object");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (var field : node.properties()) {
            if (field.getValue().isContainer()) {
                throw new ValidationException("ATTRIBUTES_INVALID", "attributes", "attribute " + field.getKey()
                        + " must be a text, number or boolean, not a list or object");
            }
            values.put(field.getKey(), field.getValue().asString());
        }
        return new Attributes(values);
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one product with its stock.")
    static final class Show implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        ProductAddress address;

        Show(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            var view = context.services().showProduct().show(context.actor(), address.sellerCode(), address.skuValue());
            context.output().record(Views.product(view));
            return ExitCode.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List a seller's products with their stock, in SKU order, a page at a time (docs/paging.md).")
    static final class ListProducts implements Callable<Integer> {
        private final CliContext context;

        @Option(names = "--seller", required = true, paramLabel = "CODE", description = "The seller's code.")
        String seller;

        @Option(names = "--status", paramLabel = "STATUS", description = "Only DRAFT, ACTIVE, SUSPENDED or RETIRED.")
        ProductStatus status;

        @Mixin
        PageOptions.WithAll paging;

        ListProducts(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            var products = context.services().showProduct();
            paging.print(context, Views.PRODUCT_COLUMNS, page -> products.list(context.actor(), SellerCode.of(seller),
                    Optional.ofNullable(status), page), Views::product);
            return ExitCode.OK;
        }
    }

    abstract static class Transition implements Callable<Integer> {
        final CliContext context;

        @Mixin
        ProductAddress address;

        @Mixin
        ReasonOption reason;

        Transition(CliContext context) {
            this.context = context;
        }

        abstract ChangeProduct.Outcome apply(ChangeProduct products, com.bazaar.domain.identity.Actor actor);

        @Override
        public Integer call() {
            var outcome = apply(context.services().changeProduct(), context.actor().withReason(reason.reason));
            print(context, outcome, "Product " + address.sku + " is now " + outcome.product().product().status() + ".",
                    "Product " + address.sku + " was already " + outcome.product().product().status()
                            + "; nothing changed.");
            return ExitCode.OK;
        }
    }

    @Command(name = "activate", mixinStandardHelpOptions = true,
            description = "Put a product on sale (it needs a positive price).")
    static final class Activate extends Transition {
        Activate(CliContext context) {
            super(context);
        }

        ChangeProduct.Outcome apply(ChangeProduct p, com.bazaar.domain.identity.Actor a) {
            return p.activate(a, address.sellerCode(), address.skuValue());
        }

    }

    @Command(name = "suspend", mixinStandardHelpOptions = true, description = "Take an active product off sale.")
    static final class Suspend extends Transition {
        Suspend(CliContext context) {
            super(context);
        }

        ChangeProduct.Outcome apply(ChangeProduct p, com.bazaar.domain.identity.Actor a) {
            return p.suspend(a, address.sellerCode(), address.skuValue());
        }

    }

    @Command(name = "retire", mixinStandardHelpOptions = true, description = "Retire a product for good.")
    static final class Retire extends Transition {
        Retire(CliContext context) {
            super(context);
        }

        ChangeProduct.Outcome apply(ChangeProduct p, com.bazaar.domain.identity.Actor a) {
            return p.retire(a, address.sellerCode(), address.skuValue());
        }

    }

    @Command(name = "price", mixinStandardHelpOptions = true, description = "Manage a product's price.",
            subcommands = {Price.Set.class})
    static final class Price extends Group {

        @Command(name = "set", mixinStandardHelpOptions = true, description = "Set a product's price.")
        static final class Set implements Callable<Integer> {
            private final CliContext context;

            @Mixin
            ProductAddress address;

            @Option(names = "--price", required = true, paramLabel = "AMOUNT", description = "The new price, e.g. 12.99.")
            String price;

            @Mixin
            ReasonOption reason;

            Set(CliContext context) {
                this.context = context;
            }

            @Override
            public Integer call() {
                var outcome = context.services().changeProduct().setPrice(context.actor().withReason(reason.reason),
                        address.sellerCode(), address.skuValue(), price);
                print(context, outcome, "Price of " + address.sku + " is now " + outcome.product().product().price() + ".",
                        "Price of " + address.sku + " already was " + outcome.product().product().price()
                                + "; nothing changed.");
                return ExitCode.OK;
            }
        }
    }

}
