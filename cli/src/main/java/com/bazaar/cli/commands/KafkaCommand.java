package com.bazaar.cli.commands;

import com.bazaar.cli.CliContext;
import com.bazaar.cli.ExitCode;
import com.bazaar.cli.config.KafkaSettings;
import com.bazaar.cli.wiring.KafkaConnector;
import com.bazaar.events.broker.LocalKafkaBroker;
import picocli.CommandLine.Command;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "kafka", mixinStandardHelpOptions = true,
        description = {"The local Kafka broker of $BAZAAR_HOME: a real single-node Apache Kafka (KRaft) run from this"
                + " program's own libraries, listening on 127.0.0.1, its data in $BAZAAR_HOME/kafka.",
                "With --kafka or BAZAAR_KAFKA (an external cluster) there is no local broker: start and stop are"
                        + " refused (exit 4).",
                "Like 'db', these commands are authorised by access to $BAZAAR_HOME, not by an API token."},
        subcommands = {KafkaCommand.Start.class, KafkaCommand.Stop.class, KafkaCommand.Status.class})
final class KafkaCommand extends Group {

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = {"Start the local Kafka broker in the background (the first start formats its storage) and"
                    + " wait until it accepts clients; it keeps running after this command ends, until 'kafka stop'.",
                    "Exit 0 when it runs (also when it ran already), 1 when it could not start (the reason and its"
                            + " log), 4 when an external Kafka is configured."})
    static final class Start implements Callable<Integer> {
        private final CliContext context;

        Start(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            LocalKafkaBroker broker = KafkaConnector.localBroker(context.config(), "start");
            var outcome = broker.start();
            var output = context.output();
            if (outcome instanceof LocalKafkaBroker.Started started) {
                started.stalePid().ifPresent(pid -> output.message("Removed the stale pid file of pid " + pid
                        + " (the broker had stopped without 'kafka stop')."));
                if (started.portsChanged()) {
                    output.message("A port of the broker was taken by another program: it moved to "
                            + started.bootstrapServers() + ".");
                }
                output.message("Started the local Kafka broker (pid " + started.pid() + ") at "
                        + started.bootstrapServers() + (started.formatted() ? "; its storage was formatted." : "."));
            } else {
                output.message("The local Kafka broker is already running (pid " + outcome.pid() + ") at "
                        + outcome.bootstrapServers() + ".");
            }
            Map<String, Object> view = view(broker.status());
            view.put("started", outcome instanceof LocalKafkaBroker.Started);
            view.put("stale_pid_removed", outcome instanceof LocalKafkaBroker.Started s
                    ? s.stalePid().orElse(null) : null);
            output.record(view);
            return ExitCode.OK;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = {"Stop the local Kafka broker: SIGTERM, then wait (up to 60 s) for its controlled shutdown.",
                    "Exit 0 when it is stopped (also when it was not running), 1 when it did not stop in time,"
                            + " 4 when an external Kafka is configured."})
    static final class Stop implements Callable<Integer> {
        private final CliContext context;

        Stop(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            var outcome = KafkaConnector.localBroker(context.config(), "stop").stop();
            var output = context.output();
            Map<String, Object> view = new LinkedHashMap<>();
            if (outcome instanceof LocalKafkaBroker.Stopped stopped) {
                output.message("Stopped the local Kafka broker (pid " + stopped.pid() + ").");
                view.put("stopped", true);
                view.put("pid", stopped.pid());
                view.put("stale_pid_removed", null);
            } else {
                var notRunning = (LocalKafkaBroker.NotRunning) outcome;
                output.message("The local Kafka broker was not running." + notRunning.stalePid()
                        .map(pid -> " Removed the stale pid file of pid " + pid + ".").orElse(""));
                view.put("stopped", false);
                view.put("pid", null);
                view.put("stale_pid_removed", notRunning.stalePid().orElse(null));
            }
            if (output.json()) {
                output.record(view);
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = {"Show the Kafka in use: the local broker's state (running, starting, stopped, or stale: its"
                    + " pid file names a process that is gone), pid, bootstrap address, data directory and log; or the"
                    + " external cluster's bootstrap servers. Starts nothing.",
                    "Exit 0 whatever the state (it is a report; JSON 'state' tells scripts)."})
    static final class Status implements Callable<Integer> {
        private final CliContext context;

        Status(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            var output = context.output();
            KafkaSettings kafka = context.config().kafka();
            if (kafka instanceof KafkaSettings.External) {
                Map<String, Object> view = new LinkedHashMap<>();
                view.put("kafka", "external");
                view.put("state", null);
                view.put("bootstrap_servers", com.bazaar.domain.shared.UrlCredentials.redact(
                        ((KafkaSettings.External) kafka).bootstrapServers()));
                output.message("Kafka: " + kafka.describe() + ".");
                output.record(view);
                return ExitCode.OK;
            }
            var status = KafkaConnector.localBroker(context.config(), "inspect").status();
            output.message("Kafka: " + kafka.describe() + ".");
            if (status.state() == LocalKafkaBroker.State.STALE) {
                output.message("Its pid file names pid " + status.pid().orElseThrow() + ", which is not running the"
                        + " broker: it stopped without 'kafka stop'. 'bazaar kafka start' starts it again; its log: "
                        + status.logFile());
            }
            output.record(view(status));
            return ExitCode.OK;
        }
    }

    /** The local broker's state as a record (the same keys in every output format). */
    private static Map<String, Object> view(LocalKafkaBroker.Status status) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("kafka", "local");
        view.put("state", status.state().name().toLowerCase());
        view.put("pid", status.pid().orElse(null));
        view.put("bootstrap_servers", status.bootstrapServers().orElse(null));
        view.put("data_directory", status.dataDirectory().toString());
        view.put("log_file", status.logFile().toString());
        return view;
    }
}
