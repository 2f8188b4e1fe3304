package com.bazaar.cli.commands;

import com.bazaar.cli.CliContext;
import com.bazaar.cli.ExitCode;
import com.bazaar.domain.order.application.OrderChange;
import com.bazaar.domain.order.application.PlaceOrder;
import com.bazaar.domain.order.Buyer;
import com.bazaar.domain.order.LineRequest;
import com.bazaar.domain.order.OrderId;
import com.bazaar.domain.seller.SellerCode;
import com.bazaar.domain.shared.IdempotencyKey;
import com.bazaar.domain.shared.Numbers;
import com.bazaar.domain.shared.ValidationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "order", mixinStandardHelpOptions = true, description = "Place orders and move them along.",
        subcommands = {OrderCommand.Place.class, OrderCommand.Submit.class, OrderCommand.Show.class, OrderCommand.ListOrders.class,
                OrderCommand.Cancel.class,
                OrderCommand.Ship.class, OrderCommand.Deliver.class})
final class OrderCommand extends Group {

    static OrderId orderId(String raw) {
        return new OrderId(Numbers.id(raw, "order", "ORDER_ID_INVALID",
                "an order id is a positive whole number written with the digits 0-9"));
    }

    static void print(CliContext context, OrderChange outcome, String done, String already) {
        context.output().message(outcome.changed() ? done : already);
        var view = Views.order(outcome.order());
        view.put("changed", outcome.changed());
        context.output().record(view);
    }

    /** What an order is made of, the same for {@code place} and {@code submit}. */
    static final class OrderOptions {
        @Option(names = "--idempotency-key", required = true, paramLabel = "KEY",
                description = "Required: makes placing the order safe to repeat.")
        String key;

        @Option(names = "--buyer", required = true, paramLabel = "BUYER", description = "The buyer's reference.")
        String buyer;

        @Option(names = "--seller", required = true, paramLabel = "CODE", description = "The seller sold from.")
        String seller;

        @Option(names = "--line", required = true, paramLabel = "SKU:QTY", description = "A line; repeat for more.")
        List<String> lines;
    }

    @Command(name = "place", mixinStandardHelpOptions = true,
            description = {"Place an order: every line's product must be ACTIVE; the stock of all lines is reserved, or"
                    + " none.", "The same --idempotency-key with the same content returns the original order (exit 0);"
                    + " with other content it is refused (exit 6). Not enough stock: exit 4."})
    static final class Place implements Callable<Integer> {
        private final CliContext context;

        @picocli.CommandLine.Mixin
        OrderOptions order;

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why (recorded in the audit trail).")
        String reason;

        Place(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            var placed = context.services().placeOrder().place(new PlaceOrder.Command(
                    context.actor().withReason(reason), new IdempotencyKey(order.key), SellerCode.of(order.seller),
                    Buyer.of(order.buyer), order.lines.stream().map(LineRequest::parse).toList()));
            var output = context.output();
            output.message(placed.replayed() ? "Order " + placed.order().order().id()
                    + " was already placed with this idempotency key:" : "Placed order " + placed.order().order().id() + ".");
            var view = Views.order(placed.order());
            view.put("replayed", placed.replayed());
            output.record(view);
            return ExitCode.OK;
        }
    }

    @Command(name = "submit", mixinStandardHelpOptions = true,
            description = {"Submit an order request to the queue (bazaar.order-requests.v1) for a worker's order-intake"
                    + " to place, on behalf of the token's user (who needs order.place). Same options and rules as"
                    + " 'order place'; the same --idempotency-key places one order however often it is submitted.",
                    "Without --wait: exit 0 once the broker acknowledged the request. With --wait: prints the result"
                            + " and exits as 'order place' would (0 placed, 3 permission, 4 rule or validation, 5 not"
                            + " found, 6 key reused with other content); no result within --wait-timeout: exit 1 (the"
                            + " request stays queued; submitting it again is safe)."})
    static final class Submit implements Callable<Integer> {
        private final CliContext context;

        @picocli.CommandLine.Mixin
        OrderOptions order;

        @Option(names = "--wait", description = "Wait for the worker's answer and print it.")
        boolean await;

        @Option(names = "--wait-timeout", paramLabel = "INTERVAL", defaultValue = "30s",
                converter = ServeCommand.IntervalConverter.class,
                description = "How long --wait waits (default: ${DEFAULT-VALUE}).")
        java.time.Duration timeout;

        Submit(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            String key = order.key;
            new IdempotencyKey(key); // refused here (exit 4) rather than answered REFUSED by the worker
            var parsed = order.lines.stream().map(LineRequest::parse).toList();
            var actor = context.actor(); // the token is checked before anything is published
            java.util.Map<String, Object> request = com.bazaar.domain.shared.Json.object();
            request.put("idempotency_key", key);
            request.put("seller", order.seller);
            request.put("buyer", order.buyer);
            request.put("lines", parsed.stream().map(l -> {
                java.util.Map<String, Object> line = com.bazaar.domain.shared.Json.object();
                line.put("sku", l.sku().value());
                line.put("quantity", l.quantity());
                return line;
            }).toList());
            request.put("requested_by", actor.name());
            var topics = com.bazaar.cli.config.KafkaTopics.of(context.env());
            try (var client = new com.bazaar.events.consumers.OrderRequests(context.kafkaConnection(),
                    topics)) {
                if (await) {
                    client.listen();
                }
                client.submit(request, actor.correlationId().value());
                if (!await) {
                    context.output().message("Submitted order request " + key + " to " + topics.orderRequests() + ".");
                    return ExitCode.OK;
                }
                var result = client.await(key, timeout).orElseThrow(() -> new com.bazaar.cli.CommandFailure(
                        ExitCode.FAILURE, "no result for order request " + key + " within " + timeout.toSeconds()
                        + "s (is a worker running order-intake?); the request stays queued: submitting it again with"
                        + " the same key is safe"));
                return printResult(result);
            } catch (IllegalStateException | org.apache.kafka.common.KafkaException e) {
                var refused = com.bazaar.cli.wiring.KafkaConnector.refusal(e);
                throw new com.bazaar.cli.CommandFailure(refused.isPresent() ? ExitCode.DENIED : ExitCode.FAILURE,
                        refused.orElseGet(() -> com.bazaar.cli.Bazaar.rootMessage(e)));
            }
        }

        private int printResult(java.util.Map<String, Object> result) {
            if ("PLACED".equals(result.get("status"))) {
                boolean replayed = Boolean.TRUE.equals(result.get("replayed"));
                context.output().message(replayed ? "Order " + result.get("order")
                        + " was already placed with this idempotency key:" : "Placed order " + result.get("order") + ".");
                context.output().record(new java.util.LinkedHashMap<>(result));
                return ExitCode.OK;
            }
            int code = switch (String.valueOf(result.get("kind"))) {
                case "permission" -> ExitCode.DENIED;
                case "not_found" -> ExitCode.NOT_FOUND;
                case "conflict" -> ExitCode.CONFLICT;
                case "limited" -> ExitCode.BUSY;
                default -> ExitCode.REJECTED;
            };
            throw new com.bazaar.cli.CommandFailure(code, "refused (" + result.get("reason") + "): "
                    + result.get("message"));
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one order.")
    static final class Show implements Callable<Integer> {
        private final CliContext context;

        @Parameters(index = "0", paramLabel = "ORDER", description = "The order id.")
        String id;

        Show(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            context.output().record(Views.order(context.services().showOrder().show(context.actor(), orderId(id))));
            return ExitCode.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List a seller's orders, newest first, a page at a time (docs/paging.md).")
    static final class ListOrders implements Callable<Integer> {
        private final CliContext context;

        @Option(names = "--seller", required = true, paramLabel = "CODE", description = "The seller.")
        String seller;

        @Option(names = "--status", paramLabel = "STATUS", description = "Only PLACED, PAID, SHIPPED, DELIVERED or CANCELLED.")
        com.bazaar.domain.order.OrderStatus status;

        @Option(names = "--buyer", paramLabel = "BUYER", description = "Only this buyer's orders.")
        String buyer;

        @Option(names = "--since", paramLabel = "WHEN", description = "Only orders placed at or after WHEN: " + Since.HELP
                + ".")
        String since;

        @Mixin
        PageOptions.WithAll paging;

        ListOrders(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            var filter = new com.bazaar.domain.order.Orders.Filter(java.util.Optional.ofNullable(status),
                    java.util.Optional.ofNullable(buyer).map(com.bazaar.domain.order.Buyer::of),
                    java.util.Optional.ofNullable(since).map(value -> Since.parse(context.clock(), value)));
            var orders = context.services().listOrders();
            paging.print(context, Views.ORDER_COLUMNS, page -> orders.list(context.actor(), SellerCode.of(seller), filter,
                    page), Views::order);
            return ExitCode.OK;
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = "Cancel an order and release its stock (a paid order only after a full refund).")
    static final class Cancel implements Callable<Integer> {
        private final CliContext context;

        @Parameters(index = "0", paramLabel = "ORDER", description = "The order id.")
        String id;

        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why.")
        String reason;

        Cancel(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            var outcome = context.services().cancelOrder().cancel(context.actor(), orderId(id), reason);
            print(context, outcome, "Cancelled order " + id + "; its stock is released.",
                    "Order " + id + " was already cancelled; nothing changed.");
            return ExitCode.OK;
        }
    }

    @Command(name = "ship", mixinStandardHelpOptions = true, description = "Mark a paid order shipped.")
    static final class Ship implements Callable<Integer> {
        private final CliContext context;

        @Parameters(index = "0", paramLabel = "ORDER", description = "The order id.")
        String id;

        Ship(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            var outcome = context.services().shipOrder().ship(context.actor(), orderId(id));
            print(context, outcome, "Order " + id + " is shipped.", "Order " + id + " was already shipped.");
            return ExitCode.OK;
        }
    }

    @Command(name = "deliver", mixinStandardHelpOptions = true, description = "Mark a shipped order delivered.")
    static final class Deliver implements Callable<Integer> {
        private final CliContext context;

        @Parameters(index = "0", paramLabel = "ORDER", description = "The order id.")
        String id;

        Deliver(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            var outcome = context.services().deliverOrder().deliver(context.actor(), orderId(id));
            print(context, outcome, "Order " + id + " is delivered.", "Order " + id + " was already delivered.");
            return ExitCode.OK;
        }
    }
}
