package com.bazaar.cli.commands;

import com.bazaar.domain.shared.IdempotencyKey;
import picocli.CommandLine.Option;

import java.util.Optional;

/** The idempotency key of a creating command. */
final class IdempotencyOption {

    @Option(names = "--idempotency-key", paramLabel = "KEY",
            description = "Makes the command safe to repeat: the same key with the same content returns the original"
                    + " result; with different content it is refused (exit 6).")
    String value;

    Optional<IdempotencyKey> key() {
        return Optional.ofNullable(value).map(IdempotencyKey::new);
    }
}
