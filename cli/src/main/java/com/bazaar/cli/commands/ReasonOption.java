package com.bazaar.cli.commands;

import picocli.CommandLine.Option;

/** The reason a mutating command records in the audit trail ("why"). */
final class ReasonOption {

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why you do this; recorded in the audit trail.")
    String reason;
}
