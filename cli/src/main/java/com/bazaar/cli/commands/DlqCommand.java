package com.bazaar.cli.commands;

import com.bazaar.cli.CliContext;
import com.bazaar.cli.CommandFailure;
import com.bazaar.cli.ExitCode;
import com.bazaar.domain.event.DeadLetter;
import com.bazaar.domain.shared.Numbers;
import com.bazaar.events.consumers.KafkaRedelivery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "dlq", mixinStandardHelpOptions = true,
        description = {"The records consumers gave up on, as the worker copied them from the dead-letter topics"
                + " (<topic>.dlt) into the database: list them, put them back on their topic after the cause was"
                + " fixed, or discard them with a reason (both audited)."},
        subcommands = {DlqCommand.ListLetters.class, DlqCommand.Replay.class, DlqCommand.Discard.class})
final class DlqCommand extends Group {

    static final List<String> COLUMNS = List.of("id", "consumer", "topic", "partition", "offset", "key", "reason",
            "attempts", "dead_at", "status", "error");

    static Map<String, Object> view(DeadLetter letter) {
        var a = letter.arrival();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", letter.id());
        m.put("consumer", a.consumer());
        m.put("topic", a.topic());
        m.put("partition", a.partition());
        m.put("offset", a.offset());
        m.put("key", a.key().orElse(null));
        m.put("reason", a.reason());
        m.put("attempts", a.attempts());
        m.put("dead_at", a.deadAt());
        m.put("status", letter.status().name());
        m.put("error", a.error());
        m.put("resolved_by", letter.resolvedBy().orElse(null));
        m.put("resolution_reason", letter.resolutionReason().orElse(null));
        m.put("payload", a.payload());
        return m;
    }

    static long id(String raw) {
        return Numbers.id(raw, "dead letter", "DEAD_LETTER_ID_INVALID",
                "a dead letter id is a positive whole number written with the digits 0-9");
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List dead letters still DEAD, oldest first (--all: replayed and discarded ones too).")
    static final class ListLetters implements Callable<Integer> {
        private final CliContext context;

        @Option(names = "--consumer", paramLabel = "NAME", description = "Only this consumer's (e.g. order-intake).")
        String consumer;

        @Option(names = "--all", description = "Also those replayed or discarded.")
        boolean all;

        @Mixin
        PageOptions.AllPages paging;

        ListLetters(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            var letters = context.services().listDeadLetters();
            paging.print(context, COLUMNS, page -> letters.list(context.actor(), Optional.ofNullable(consumer), all,
                    page), DlqCommand::view);
            return ExitCode.OK;
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = {"Put a dead letter (or every DEAD one: --all) back on its topic for its consumer to try"
                    + " again, and mark it REPLAYED (audited). Fix the cause first: a letter that fails again comes"
                    + " back as a new dead letter.", "A letter already replayed or discarded: exit 4."})
    static final class Replay implements Callable<Integer> {
        private final CliContext context;


        @Parameters(index = "0", arity = "0..1", paramLabel = "ID", description = "The dead letter's id.")
        String id;

        @Option(names = "--all", description = "Every dead letter still DEAD (of --consumer if given).")
        boolean all;

        @Option(names = "--consumer", paramLabel = "NAME", description = "With --all: only this consumer's.")
        String consumer;

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why (recorded in the audit trail).")
        String reason;

        Replay(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            if ((id == null) == !all) {
                throw new CommandFailure(ExitCode.USAGE, "give a dead letter ID or --all (not both)");
            }
            var actor = context.actor().withReason(reason);
            try (var redelivery = new KafkaRedelivery(context.kafkaConnection())) {
                var replay = context.services().replayDeadLetters(redelivery);
                List<DeadLetter> done = all ? replay.replayAll(actor, Optional.ofNullable(consumer))
                        : List.of(replay.replay(actor, id(id)));
                context.output().message(done.isEmpty() ? "No dead letter to replay."
                        : "Replayed " + done.size() + " dead letter(s) to their topics.");
                context.output().list(done.stream().map(DlqCommand::view).toList(), COLUMNS);
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "discard", mixinStandardHelpOptions = true,
            description = "Give up on a dead letter for good: DISCARDED with the reason (audited), never replayed.")
    static final class Discard implements Callable<Integer> {
        private final CliContext context;

        @Parameters(index = "0", paramLabel = "ID", description = "The dead letter's id.")
        String id;

        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why (required).")
        String reason;

        Discard(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            var letter = context.services().discardDeadLetter().discard(context.actor(), id(id), reason);
            context.output().message("Discarded dead letter " + letter.id() + ".");
            context.output().record(view(letter));
            return ExitCode.OK;
        }
    }
}
