package com.bazaar.cli.commands;

import picocli.CommandLine.Command;

@Command(name = "events", mixinStandardHelpOptions = true,
        description = "Events on Kafka: the dead letters of the consumers.",
        subcommands = {DlqCommand.class})
final class EventsCommand extends Group {
}
