package com.bazaar.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's events demo, as a process: the demo's own broker started from the jar, the relay, an order through
 * the queue placed by a worker, a poison message dead-lettered, replayed (dead-lettered again, not lost) and
 * discarded; the broker stopped at the end.
 */
class DemoEventsIT {

    @TempDir
    Path scratch;

    @Test
    void eventsLeaveTheDatabaseAndFailuresAreControlled() throws Exception {
        var bazaar = new BazaarProcess(scratch.resolve("home"), scratch.resolve("io"));
        var demo = bazaar.run(null, "demo", "--events");
        assertThat(demo.exitCode()).as(demo.lastLine() + "\n" + demo).isZero(); // "Demo FAILED at: ..." first
        assertThat(demo.out()).contains("Started the local Kafka broker", "Published 22 event(s).",
                "Placed order 1003.", "UNPARSEABLE", "Replayed 1 dead letter(s) to their topics.",
                "Discarded dead letter 2.", "Worker stopped after 45 s.", "Stopped the local Kafka broker",
                "every step behaved as expected");
        assertThat(Files.readString(scratch.resolve("home").resolve("demo/kafka/kafka.log")))
                .as("the broker ran from the jar's own classes").contains("Kafka Server started");
    }
}
