package com.bazaar.reconciliation.settlement;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a settlement file gave, counted while it is parsed: records and problems. A file from which no data line could
 * be read as a record - the wrong {@code --provider}, another report type, a file of commas, a header and nothing
 * else, an empty file - is refused as a whole ({@link #refusal}): reconciling it would only report every payment of
 * the period as missing. The refusal names the reasons of the first {@value #REASONS} problems, each cut to
 * {@value #REASON_LENGTH} characters, so it stays one readable sentence whatever the file holds.
 */
public final class LinesRead {

    /** How many problems' reasons a refusal names. */
    public static final int REASONS = 3;
    /** The most characters of one reason in a refusal. */
    public static final int REASON_LENGTH = 200;

    private long records;
    private long problems;
    private final List<ParseProblem> first = new ArrayList<>();

    public void record() {
        records++;
    }

    public void problem(ParseProblem problem) {
        problems++;
        if (first.size() < REASONS) {
            first.add(problem);
        }
    }

    public long records() {
        return records;
    }

    public long problems() {
        return problems;
    }

    /**
     * When no line became a record: "no line of FILE could be read as a/an FORMAT settlement report: line 2: reason;
     * line 3: reason; line 4: reason (and N more)", or, for a file with a header and no data line, "...: the file has a
     * header and no data line".
     */
    public Optional<String> refusal(String file, String format) {
        if (records > 0) {
            return Optional.empty();
        }
        String start = "no line of " + file + " could be read as " + article(format) + " " + format
                + " settlement report: ";
        if (problems == 0) {
            return Optional.of(start + "the file has a header and no data line");
        }
        List<String> reasons = first.stream().map(p -> "line " + p.line() + ": " + cut(p.reason())).toList();
        return Optional.of(start + String.join("; ", reasons)
                + (problems > first.size() ? " (and " + (problems - first.size()) + " more)" : ""));
    }

    private static String article(String word) {
        return !word.isEmpty() && "aeiouAEIOU".indexOf(word.charAt(0)) >= 0 ? "an" : "a";
    }

    private static String cut(String reason) {
        if (reason.length() <= REASON_LENGTH) {
            return reason;
        }
        int end = Character.isHighSurrogate(reason.charAt(REASON_LENGTH - 1)) ? REASON_LENGTH - 1 : REASON_LENGTH;
        return reason.substring(0, end) + "...";
    }
}
