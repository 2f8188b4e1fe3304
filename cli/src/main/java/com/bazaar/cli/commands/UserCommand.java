package com.bazaar.cli.commands;

import com.bazaar.cli.CliContext;
import com.bazaar.cli.ExitCode;
import com.bazaar.domain.identity.application.CreateUser;
import com.bazaar.domain.identity.application.RevokeUser;
import com.bazaar.domain.identity.Role;
import com.bazaar.domain.identity.UserName;
import com.bazaar.domain.seller.SellerCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

@Command(name = "user", mixinStandardHelpOptions = true, description = "Manage users, their roles and tokens.",
        subcommands = {UserCommand.Create.class, UserCommand.ListUsers.class, UserCommand.Revoke.class})
final class UserCommand extends Group {

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Create a user and print its API token once, as the last line.",
                    "Roles: admin, operator, seller, finance, sre, auditor. A seller user needs --seller and no "
                            + "other role."})
    static final class Create implements Callable<Integer> {
        private final CliContext context;

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "Login name (lower case).")
        String name;

        @Option(names = "--role", required = true, split = ",", paramLabel = "ROLE",
                description = "Role(s); repeat or separate with commas.")
        List<String> roles;

        @Option(names = "--seller", paramLabel = "CODE", description = "The seller a seller-role user belongs to.")
        String seller;

        @Mixin
        ReasonOption reason;

        @Mixin
        IdempotencyOption idempotency;

        Create(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            Set<Role> parsed = EnumSet.noneOf(Role.class);
            roles.forEach(r -> parsed.add(Role.parse(r)));
            var command = new CreateUser.Command(context.actor().withReason(reason.reason), idempotency.key(),
                    UserName.of(name), parsed, Optional.ofNullable(seller).map(SellerCode::of));
            var created = context.services().createUser().create(command);
            var output = context.output();
            Map<String, Object> view = Views.user(created.user());
            if (output.json()) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("user", view);
                json.put("replayed", created.replayed());
                json.put("token", created.token().map(t -> t.secret()));
                output.record(json);
            } else if (created.replayed()) {
                output.record(view);
                context.err().println("note: this idempotency key already created user " + name
                        + "; its token was shown then and is not shown again");
            } else {
                output.record(view);
                output.message("Store this token now; it is not shown again:");
                output.message(created.token().orElseThrow().secret());
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List users in name order (never their tokens), a page at a time (docs/paging.md).")
    static final class ListUsers implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        PageOptions.WithAll paging;

        ListUsers(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            var users = context.services().listUsers();
            paging.print(context, Views.USER_COLUMNS, page -> users.list(context.actor(), page), Views::user);
            return ExitCode.OK;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke a user: its token stops working at once. Repeating it changes nothing.")
    static final class Revoke implements Callable<Integer> {
        private final CliContext context;

        @Parameters(index = "0", paramLabel = "NAME", description = "The user to revoke.")
        String name;

        @Mixin
        ReasonOption reason;

        Revoke(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            var outcome = context.services().revokeUser()
                    .revoke(new RevokeUser.Command(context.actor().withReason(reason.reason), UserName.of(name)));
            var output = context.output();
            output.message(outcome instanceof RevokeUser.Revoked
                    ? "Revoked user " + name + "." : "User " + name + " was already revoked; nothing changed.");
            var view = Views.user(outcome.user());
            view.put("changed", outcome instanceof RevokeUser.Revoked);
            output.record(view);
            return ExitCode.OK;
        }
    }
}
