package com.bazaar.reconciliation.settlement;

import com.bazaar.domain.shared.ValidationException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * Where the Stripe parser finds Bazaar's payment reference of a line (the setting {@code recon.stripe.reference}):
 * one or more sources, separated by commas and tried in order, the first that gives a value wins.
 * <ul>
 *   <li>{@code metadata:KEY} - the column {@code payment_metadata[KEY]} (the metadata of the line's PaymentIntent or
 *       charge; KEY is 1 to 40 letters, digits, {@code _ . -});</li>
 *   <li>{@code description} - a description that is exactly {@code bazaar:<id>} (case-insensitive);</li>
 *   <li>{@code description:REGEX} - the first group of REGEX (a Java regular expression with at least one group)
 *       found in the description; it takes the rest of the value, commas included, so it comes last;</li>
 *   <li>{@code charge_id} - the column {@code charge_id} (Stripe's id of the line's charge).</li>
 * </ul>
 * The default, {@value #DEFAULT}, is how the parser always read it. A value it cannot use is refused with
 * {@code CONFIG_INVALID}.
 */
public final class StripeReference {

    /** The metadata column, else a {@code bazaar:<id>} description. */
    public static final String DEFAULT = "metadata:bazaar_payment,description";

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.-]{1,40}");
    private static final String DEFAULT_DESCRIPTION = "(?i)^bazaar:([A-Za-z0-9][A-Za-z0-9._-]*)$";
    private static final int MAX_PATTERN = 200;

    /** One place a reference is read from. */
    private sealed interface Source permits Metadata, Description, ChargeId {
        Optional<String> of(CsvSettlementParser.Row row);

        /** The columns it reads. */
        String column();

        String spec();
    }

    private record Metadata(String key) implements Source {
        @Override
        public Optional<String> of(CsvSettlementParser.Row row) {
            return row.optional(column());
        }

        @Override
        public String column() {
            return "payment_metadata[" + key + "]";
        }

        @Override
        public String spec() {
            return "metadata:" + key;
        }
    }

    private record Description(Pattern pattern, String spec) implements Source {
        @Override
        public Optional<String> of(CsvSettlementParser.Row row) {
            Matcher m = pattern.matcher(row.text(column()));
            if (!m.find() || m.group(1) == null || m.group(1).isBlank()) {
                return Optional.empty();
            }
            return Optional.of(m.group(1).strip());
        }

        @Override
        public String column() {
            return StripeSettlementParser.DESCRIPTION;
        }
    }

    private record ChargeId() implements Source {
        @Override
        public Optional<String> of(CsvSettlementParser.Row row) {
            return row.optional(column());
        }

        @Override
        public String column() {
            return StripeSettlementParser.CHARGE_ID;
        }

        @Override
        public String spec() {
            return "charge_id";
        }
    }

    private final List<Source> sources;

    private StripeReference(List<Source> sources) {
        this.sources = List.copyOf(sources);
    }

    /**
     * True when a line's reference may be Stripe's charge id ({@code charge_id} among the sources): such a reference
     * names a Bazaar payment through the payment's provider reference, not through its id (the stage step looks it up).
     */
    public boolean readsChargeId() {
        return sources.stream().anyMatch(ChargeId.class::isInstance);
    }

    /** {@value #DEFAULT}. */
    public static StripeReference defaults() {
        return parse(DEFAULT);
    }

    /**
     * Reads the setting (surrounding blanks ignored).
     *
     * @throws ValidationException {@code CONFIG_INVALID} (field {@code recon.stripe.reference}) saying what is wrong
     */
    public static StripeReference parse(String text) {
        String rest = text == null ? "" : text.strip();
        if (rest.isEmpty()) {
            throw invalid("it is empty");
        }
        List<Source> sources = new ArrayList<>();
        while (true) {
            int comma = rest.indexOf(',');
            String head = (comma < 0 ? rest : rest.substring(0, comma)).strip();
            if (head.startsWith("description:")) {
                String regex = rest.strip().substring("description:".length());
                sources.add(description(regex));
                break;
            }
            if (head.equals("description")) {
                sources.add(new Description(Pattern.compile(DEFAULT_DESCRIPTION), "description"));
            } else if (head.equals("charge_id")) {
                sources.add(new ChargeId());
            } else if (head.startsWith("metadata:")) {
                String key = head.substring("metadata:".length());
                if (!KEY.matcher(key).matches()) {
                    throw invalid("the metadata key '" + key + "' is not 1 to 40 letters, digits, '_', '.' or '-'");
                }
                sources.add(new Metadata(key));
            } else {
                throw invalid("'" + head + "' is not a source");
            }
            if (comma < 0) {
                break;
            }
            rest = rest.substring(comma + 1);
        }
        return new StripeReference(sources);
    }

    private static Description description(String regex) {
        if (regex.isEmpty() || regex.length() > MAX_PATTERN) {
            throw invalid("the description pattern must be 1 to " + MAX_PATTERN + " characters");
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw invalid("the description pattern is not a regular expression: " + e.getDescription());
        }
        if (pattern.matcher("").groupCount() < 1) {
            throw invalid("the description pattern has no group: its first group (...) is the reference");
        }
        return new Description(pattern, "description:" + regex);
    }

    private static ValidationException invalid(String why) {
        return new ValidationException("CONFIG_INVALID", "recon.stripe.reference", "recon.stripe.reference: " + why
                + "; expected one or more of metadata:KEY, description, description:REGEX (last), charge_id,"
                + " separated by commas");
    }

    /** The reference of the line: the first source that gives one. */
    Optional<String> of(CsvSettlementParser.Row row) {
        for (Source source : sources) {
            Optional<String> found = source.of(row);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** The columns the sources read, in order. */
    List<String> columns() {
        return sources.stream().map(Source::column).distinct().toList();
    }

    /** The setting in its canonical spelling (sources as written, blanks around them removed). */
    public String spec() {
        return sources.stream().map(Source::spec).collect(Collectors.joining(","));
    }

    public boolean isDefault() {
        return spec().equals(DEFAULT);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StripeReference other && other.spec().equals(spec());
    }

    @Override
    public int hashCode() {
        return spec().hashCode();
    }

    @Override
    public String toString() {
        return spec();
    }
}
