package com.bazaar.batch.partition;

import org.springframework.batch.integration.partition.StepExecutionRequest;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A partition request as it travels on Kafka: {@code <step name> <step execution id>}, plain text. Anyone who can
 * write to the topic can send one, so a request is only a pointer: it names a step execution that must already exist
 * in the job repository, of a step this process knows; anything else is dropped.
 */
final class PartitionRequest {

    private static final Pattern FORMAT = Pattern.compile("([a-z][a-z0-9-]{0,63}) ([1-9][0-9]{0,17})");

    private PartitionRequest() {
    }

    static String text(StepExecutionRequest request) {
        return request.getStepName() + " " + request.getStepExecutionId();
    }

    /** The request, or empty when the text is not one. */
    static Optional<StepExecutionRequest> parse(String text) {
        if (text == null || text.length() > 90) {
            return Optional.empty();
        }
        var m = FORMAT.matcher(text);
        return m.matches() ? Optional.of(new StepExecutionRequest(m.group(1), Long.parseLong(m.group(2))))
                : Optional.empty();
    }
}
