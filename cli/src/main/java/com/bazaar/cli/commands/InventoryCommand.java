package com.bazaar.cli.commands;

import com.bazaar.cli.CliContext;
import com.bazaar.cli.ExitCode;
import com.bazaar.domain.inventory.application.AdjustStock;
import com.bazaar.domain.inventory.application.SplitStock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "inventory", mixinStandardHelpOptions = true, description = "Stock on hand and reserved.",
        subcommands = {InventoryCommand.Show.class, InventoryCommand.Adjust.class, InventoryCommand.Split.class,
                InventoryCommand.ReleaseExpired.class})
final class InventoryCommand extends Group {

    private static final List<String> COLUMNS = List.of("seller", "sku", "status", "on_hand", "reserved", "available");

    private static Map<String, Object> stock(Map<String, Object> product) {
        Map<String, Object> m = new LinkedHashMap<>();
        COLUMNS.forEach(c -> m.put(c, product.get(c)));
        return m;
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a product's stock.")
    static final class Show implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        ProductAddress address;

        Show(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            var view = context.services().showProduct().stock(context.actor(), address.sellerCode(), address.skuValue());
            context.output().record(stock(Views.product(view)));
            return ExitCode.OK;
        }
    }

    @Command(name = "adjust", mixinStandardHelpOptions = true,
            description = "Change on-hand stock by a delta (never below what is reserved).")
    static final class Adjust implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        ProductAddress address;

        @Option(names = "--delta", required = true, paramLabel = "N",
                description = "Units to add (positive) or remove (negative), at most 1000000000 either way.")
        String delta;

        @Option(names = "--reason", required = true, paramLabel = "TEXT",
                description = "Why, e.g. 'goods received PO-4411'; recorded in the audit trail.")
        String reason;

        Adjust(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            long units = AdjustStock.delta(delta);
            var view = context.services().adjustStock().adjust(new AdjustStock.Command(context.actor(),
                    address.sellerCode(), address.skuValue(), units, reason));
            context.output().message("Adjusted " + address.sku + " by " + (units > 0 ? "+" : "") + units + ".");
            context.output().record(stock(Views.product(view)));
            return ExitCode.OK;
        }
    }

    @Command(name = "split", mixinStandardHelpOptions = true,
            description = "Split a product's stock into lanes for a flash sale, so its buyers do not queue for one row"
                    + " (1 merges it back; the same number again rebalances the lanes).")
    static final class Split implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        ProductAddress address;

        @Option(names = "--lanes", required = true, paramLabel = "N",
                description = "Lanes, 1 to 64: about as many as the buyers placing orders for it at the same time.")
        String lanes;

        @Option(names = "--reason", required = true, paramLabel = "TEXT",
                description = "Why, e.g. 'flash sale 12:00'; recorded in the audit trail.")
        String reason;

        Split(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            int count = SplitStock.lanes(lanes);
            var view = context.services().splitStock().split(new SplitStock.Command(context.actor(),
                    address.sellerCode(), address.skuValue(), count, reason));
            context.output().message(count == 1 ? "Merged the stock of " + address.sku + " back onto one row."
                    : "Split the stock of " + address.sku + " into " + count + " lanes.");
            Map<String, Object> record = stock(Views.product(view));
            record.put("lanes", view.stock().lanes());
            context.output().record(record);
            return ExitCode.OK;
        }
    }

    @Command(name = "release-expired", mixinStandardHelpOptions = true,
            description = "Cancel unpaid orders whose reservations expired and return their stock.")
    static final class ReleaseExpired implements Callable<Integer> {
        private final CliContext context;

        ReleaseExpired(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            var result = context.services().releaseExpired().release(context.actor());
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("orders_expired", result.ordersExpired());
            view.put("reservations_released", result.reservationsReleased());
            context.output().message("Released " + result.reservationsReleased() + " expired reservation(s) of "
                    + result.ordersExpired() + " order(s).");
            context.output().record(view);
            return ExitCode.OK;
        }
    }
}
