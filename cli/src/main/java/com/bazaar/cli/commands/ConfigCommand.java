package com.bazaar.cli.commands;

import com.bazaar.cli.CliContext;
import com.bazaar.cli.ExitCode;
import com.bazaar.cli.config.BazaarConfig;
import picocli.CommandLine.Command;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "config", mixinStandardHelpOptions = true, description = "Show configuration.",
        subcommands = {ConfigCommand.Show.class})
final class ConfigCommand extends Group {

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = {"Print the effective configuration and where each value comes from (secrets masked).",
                    "Order: default < $BAZAAR_HOME/bazaar.yml < environment < command-line flag."})
    static final class Show implements Callable<Integer> {
        private final CliContext context;

        Show(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            BazaarConfig config = context.config();
            List<Map<String, Object>> rows = config.all().stream().map(s -> {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("key", s.key());
                row.put("value", s.shown());
                row.put("source", s.source().name().toLowerCase());
                row.put("env", java.util.Arrays.stream(BazaarConfig.Key.values())
                        .filter(k -> k.key().equals(s.key())).map(BazaarConfig.Key::env).findFirst()
                        .orElse("BAZAAR_HOME"));
                return row;
            }).toList();
            context.output().message("Configuration file: " + config.home().resolve("bazaar.yml")
                    + (config.home().resolve("bazaar.yml").toFile().isFile() ? "" : " (absent)"));
            context.output().message("Kafka: " + com.bazaar.cli.wiring.KafkaConnector.describe(config));
            context.output().list(rows, List.of("key", "value", "source", "env"));
            return ExitCode.OK;
        }
    }
}
