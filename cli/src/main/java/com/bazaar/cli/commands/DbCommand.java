package com.bazaar.cli.commands;

import com.bazaar.cli.CliContext;
import com.bazaar.cli.CommandFailure;
import com.bazaar.cli.ExitCode;
import com.bazaar.cli.wiring.DatabaseConnector;
import com.bazaar.domain.audit.application.KeyAuditTrail;
import com.bazaar.postgres.Migrations;
import picocli.CommandLine.Command;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "db", mixinStandardHelpOptions = true,
        description = {"The database: migrations and the embedded server.",
                "These commands are authorised by access to the database itself (its URL and password, or the files"
                        + " in $BAZAAR_HOME), not by an API token."},
        subcommands = {DbCommand.Migrate.class, DbCommand.Status.class, DbCommand.Stop.class, ReplicaCommand.class})
final class DbCommand extends Group {

    @Command(name = "migrate", mixinStandardHelpOptions = true, description = {"Apply pending schema migrations.",
            "Runs as the schema owner: bazaar_owner on the embedded server, db.owner-user (else db.user) on db.url.",
            "An installation whose audit trail has no key yet (an upgrade) gets one here: it seals every record from"
                    + " the next on. Exit 1 when the trail is keyed but this host lacks the key."})
    static final class Migrate implements Callable<Integer> {
        private final CliContext context;

        Migrate(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            int applied = context.migrations().migrate();
            var services = context.migrationServices();
            // an initialised installation must have its key from now on (a new one gets it from 'bazaar init')
            var key = services.initialize().isInitialised()
                    ? services.keyAuditTrail().ensure(context.correlationId()) : null;
            var output = context.output();
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("database", context.migrationDatabaseDescription());
            view.put("applied", applied);
            view.put("schema_version", Migrations.LATEST_VERSION);
            view.put("audit_key_file", key == null ? null : context.anchoring().keys().location());
            view.put("audit_key_created", key instanceof KeyAuditTrail.Created);
            output.message(applied == 0 ? "Schema is current; nothing to apply." : "Applied " + applied
                    + " migration(s).");
            if (key != null) {
                output.message(keyMessage(key));
            }
            output.record(view);
            return ExitCode.OK;
        }
    }

    /** What became of the audit key, for people: where it is and what to do with a new one. */
    static String keyMessage(KeyAuditTrail.Outcome outcome) {
        if (outcome instanceof KeyAuditTrail.Created created) {
            return "Audit key: created " + created.location() + " (id " + created.key().id() + "), sealing every audit"
                    + " record from " + created.key().keyedFrom() + " on. Back it up apart from the database, and give"
                    + " every other host of this installation the same file (mode 0600).";
        }
        if (outcome instanceof KeyAuditTrail.Present present) {
            return "Audit key: " + present.location() + " (id " + present.key().id() + ").";
        }
        return "Audit key: none created (the installation exists already).";
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Show the database in use and each migration: applied or pending.")
    static final class Status implements Callable<Integer> {
        private final CliContext context;

        Status(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            var migrations = context.migrations();
            List<Map<String, Object>> rows = migrations.status().stream().map(step -> {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("version", step.version());
                row.put("description", step.description());
                row.put("state", step.state());
                row.put("installed_on", step.installedOn());
                return row;
            }).toList();
            var output = context.output();
            if (output.json()) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("database", context.migrationDatabaseDescription());
                json.put("schema", migrations.check());
                json.put("migrations", rows);
                output.record(json);
            } else {
                output.message("Database: " + context.migrationDatabaseDescription());
                output.message("Schema: " + migrations.check());
                output.list(rows, List.of("version", "description", "state", "installed_on"));
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Stop the embedded PostgreSQL server of $BAZAAR_HOME (the next command starts it again).")
    static final class Stop implements Callable<Integer> {
        private final CliContext context;

        Stop(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            if (!context.config().embedded()) {
                throw new CommandFailure(ExitCode.REJECTED,
                        "bazaar uses an external PostgreSQL (db.url); there is no embedded server to stop");
            }
            boolean stopped = DatabaseConnector.embeddedServer(context.config()).stop();
            context.output().message(stopped ? "Stopped the embedded PostgreSQL." : "The embedded PostgreSQL was not running.");
            return ExitCode.OK;
        }
    }
}
