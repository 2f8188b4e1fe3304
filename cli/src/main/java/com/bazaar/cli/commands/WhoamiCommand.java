package com.bazaar.cli.commands;

import com.bazaar.cli.CliContext;
import com.bazaar.cli.ExitCode;
import com.bazaar.domain.identity.application.UserView;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

@Command(name = "whoami", mixinStandardHelpOptions = true, description = "Show who the token belongs to and its roles.")
final class WhoamiCommand implements Callable<Integer> {

    private final CliContext context;

    WhoamiCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        var auth = context.authenticated();
        var view = Views.user(new UserView(auth.user(), auth.sellerCode()));
        view.put("correlation_id", context.correlationId().value());
        context.output().record(view);
        return ExitCode.OK;
    }
}
