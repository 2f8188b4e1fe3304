package com.bazaar.cli.commands;

import com.bazaar.cli.CliContext;
import com.bazaar.cli.CommandFailure;
import com.bazaar.cli.ExitCode;
import com.bazaar.cli.wiring.DatabaseConnector;
import com.bazaar.cli.wiring.ReadReplica;
import com.bazaar.postgres.embedded.EmbeddedReplica;
import com.bazaar.postgres.replica.ReplicaLag;
import picocli.CommandLine.Command;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "replica", mixinStandardHelpOptions = true,
        description = {"A local streaming replica (a hot standby) of the embedded PostgreSQL of $BAZAAR_HOME, in"
                + " $BAZAAR_HOME/replica: read-only work goes to it while it runs and keeps up (README, 'Read replica').",
                "With db.url (an external PostgreSQL) there is no local replica: these commands are refused (exit 4);"
                        + " name the external replica with --read-db-url instead.",
                "Like 'db', authorised by access to $BAZAAR_HOME, not by an API token."},
        subcommands = {ReplicaCommand.Create.class, ReplicaCommand.Start.class, ReplicaCommand.Stop.class,
                ReplicaCommand.Status.class, ReplicaCommand.Drop.class})
final class ReplicaCommand extends Group {

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Make the replica from a base backup of the embedded server (started if needed) and start"
                    + " it. The first time, the embedded server is restarted once (a second or two) to create the"
                    + " replication login; commands running at that moment fail and may be retried.",
                    "Exit 0 when made and running, 1 when it could not be made (the reason), 4 with db.url or when a"
                            + " replica exists already."})
    static final class Create implements Callable<Integer> {
        private final CliContext context;

        Create(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            EmbeddedReplica replica = replica(context);
            if (replica.created()) {
                throw new CommandFailure(ExitCode.REJECTED, "a replica exists already in " + replica.dataDirectory()
                        + ": 'bazaar db replica start' starts it");
            }
            var info = replica.create();
            context.output().message("Made the replica in " + replica.dataDirectory() + "; it runs on port "
                    + info.port() + " and streams from the embedded server.");
            context.output().record(view(context, replica));
            return ExitCode.OK;
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = {"Start the replica (and the embedded server it streams from) unless it runs, and wait until"
                    + " it accepts read-only connections; it keeps running after this command, until 'db replica stop'.",
                    "Exit 0 when it runs, 1 when it could not start, 4 with db.url or when there is no replica."})
    static final class Start implements Callable<Integer> {
        private final CliContext context;

        Start(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            EmbeddedReplica replica = replica(context);
            requireCreated(replica);
            var info = replica.start();
            context.output().message("The replica runs on port " + info.port() + ".");
            context.output().record(view(context, replica));
            return ExitCode.OK;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = {"Stop the replica (fast shutdown); the embedded server keeps running and commands read from"
                    + " it again. Exit 0 when stopped (also when it was not running), 4 with db.url."})
    static final class Stop implements Callable<Integer> {
        private final CliContext context;

        Stop(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            boolean stopped = replica(context).stop();
            context.output().message(stopped ? "Stopped the replica." : "The replica was not running.");
            if (context.output().json()) {
                Map<String, Object> view = new LinkedHashMap<>();
                view.put("stopped", stopped);
                context.output().record(view);
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "drop", mixinStandardHelpOptions = true,
            description = {"Retire the replica for good: stop it, drop its replication slot on the embedded server (which"
                    + " then stops keeping WAL for it) and delete $BAZAAR_HOME/replica. Commands read from the primary"
                    + " again. Exit 0 (also when there was none), 4 with db.url."})
    static final class Drop implements Callable<Integer> {
        private final CliContext context;

        Drop(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            boolean dropped = replica(context).drop();
            context.output().message(dropped ? "Dropped the replica and its replication slot."
                    : "There was no replica; no replication slot of one is left.");
            if (context.output().json()) {
                Map<String, Object> view = new LinkedHashMap<>();
                view.put("dropped", dropped);
                context.output().record(view);
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = {"Show the replica: made or not, running or stopped, pid, port, data directory, log, and its"
                    + " lag behind the embedded server (WAL bytes not replayed yet, seconds since its last replayed"
                    + " transaction) when both run. Starts nothing.",
                    "Exit 0 whatever the state (it is a report; JSON 'state' tells scripts), 4 with db.url."})
    static final class Status implements Callable<Integer> {
        private final CliContext context;

        Status(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            context.output().record(view(context, replica(context)));
            return ExitCode.OK;
        }
    }

    private static EmbeddedReplica replica(CliContext context) {
        if (!context.config().embedded()) {
            throw new CommandFailure(ExitCode.REJECTED, "bazaar uses an external PostgreSQL (db.url); there is no"
                    + " local replica: name a replica of it with --read-db-url or BAZAAR_READ_DB_URL");
        }
        return new EmbeddedReplica(DatabaseConnector.embeddedServer(context.config()));
    }

    private static void requireCreated(EmbeddedReplica replica) {
        if (!replica.created()) {
            throw new CommandFailure(ExitCode.REJECTED, "there is no replica in " + replica.dataDirectory()
                    + ": 'bazaar db replica create' makes one");
        }
    }

    /** The replica's state as a record (the same keys in every output format). */
    private static Map<String, Object> view(CliContext context, EmbeddedReplica replica) {
        var status = replica.status();
        Optional<ReplicaLag> lag = status.running() ? ReadReplica.localLag(context.config()) : Optional.empty();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("state", !status.created() ? "none" : status.running() ? "running" : "stopped");
        view.put("pid", status.pid().orElse(null));
        view.put("port", status.port().orElse(null));
        view.put("data_directory", status.dataDirectory().toString());
        view.put("log_file", replica.logFile().toString());
        view.put("lag_bytes", lag.map(ReplicaLag::bytes).orElse(null));
        view.put("lag_seconds", lag.flatMap(ReplicaLag::behind).map(d -> d.toMillis() / 1000.0).orElse(null));
        view.put("lag", lag.map(ReplicaLag::describe).orElse(status.running()
                ? "unknown (the embedded server is not running)" : null));
        return view;
    }
}
