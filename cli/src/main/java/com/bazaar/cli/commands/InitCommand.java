package com.bazaar.cli.commands;

import com.bazaar.cli.CliContext;
import com.bazaar.cli.ExitCode;
import com.bazaar.domain.identity.application.InitializeBazaar;
import com.bazaar.domain.audit.application.KeyAuditTrail;
import com.bazaar.domain.identity.UserName;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Create the database schema, the audit key ($BAZAAR_HOME/audit.key or audit.key-file, unless"
                + " one is there already) and the first admin; print the admin's token once, as the last line.",
                "Run once per installation; a second run is refused (exit 6)."})
final class InitCommand implements Callable<Integer> {

    private final CliContext context;

    @Option(names = "--admin-name", defaultValue = "admin", paramLabel = "NAME",
            description = "Name of the first admin (default: ${DEFAULT-VALUE}).")
    String adminName;

    InitCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        UserName name = UserName.of(adminName);
        // the application's login first: a login commands would refuse is refused before anything is migrated
        var services = context.servicesWithoutSchemaCheck();
        int applied = context.migrations().migrate();
        // the key before the first record, which it seals; none is made for an installation that exists already
        var key = services.initialize().isInitialised() ? null
                : services.keyAuditTrail().ensure(context.correlationId());
        var result = services.initialize().initialise(new InitializeBazaar.Command(name, context.correlationId()));
        var output = context.output();
        if (output.json()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("database", context.databaseDescription());
            json.put("migrations_applied", applied);
            json.put("audit_key_file", context.anchoring().keys().location());
            json.put("audit_key_created", key instanceof KeyAuditTrail.Created);
            json.put("admin", result.admin().name().value());
            json.put("token", result.token().secret());
            output.record(json);
        } else {
            output.message("Database: " + context.databaseDescription());
            output.message("Migrations: " + applied + " applied.");
            output.message(DbCommand.keyMessage(key));
            output.message("Created the first admin '" + result.admin().name()
                    + "'. Store its token now; it is not shown again:");
            output.message(result.token().secret());
        }
        return ExitCode.OK;
    }
}
