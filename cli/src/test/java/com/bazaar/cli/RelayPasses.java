package com.bazaar.cli;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs {@code bazaar events relay --once} as an operator would: a pass that fails marks nothing (at-least-once), so
 * it is run again, at most three times, until the outbox has nothing unpublished. On a freshly created topic the
 * shared test broker sometimes refuses the first batch for good (NOT_LEADER_OR_FOLLOWER, then
 * OUT_OF_ORDER_SEQUENCE_NUMBER until the delivery timeout): the next pass publishes it.
 */
final class RelayPasses {

    private RelayPasses() {
    }

    static void untilAllPublished(TestBazaar bazaar, Map<String, String> env) {
        TestBazaar.Run last = null;
        for (int pass = 0; pass < 3 && unpublished(bazaar) > 0; pass++) {
            last = bazaar.cliWithEnv(env, bazaar.adminToken(), "events", "relay", "--once");
        }
        assertThat(unpublished(bazaar)).as("relayed: " + last).isZero();
    }

    static long unpublished(TestBazaar bazaar) {
        return bazaar.jdbc.sql("SELECT count(*) FROM outbox WHERE published_at IS NULL").query(Long.class).single();
    }

    /** The event_id header of every record of the topics of this prefix (on the test broker), in partition order. */
    static List<String> eventIds(String prefix) throws Exception {
        return TestTopics.read(prefix).stream().map(r -> Long.toString(TestTopics.eventId(r))).toList();
    }
}
