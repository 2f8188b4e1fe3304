package com.bazaar.cli.commands;

import com.bazaar.cli.CliContext;
import com.bazaar.cli.metrics.OperationalState;
import com.bazaar.domain.identity.AccessPolicy;
import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Access;
import com.bazaar.domain.seller.SellerCode;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Tab completion of the shell: the command tree's nouns, verbs and option names (picocli's completer), and the data
 * operators type most - seller codes after {@code --seller} and as the argument of {@code seller show|suspend|
 * reinstate}, SKUs after {@code --sku} (of the seller already on the line: the first 500 that start with what is
 * typed), and execution ids as the argument of {@code job status|stop|restart} (newest first, with job and status shown beside each). Data candidates are what the
 * signed-in user may see (a seller user: its own seller); a user who may not see something gets no candidates -
 * completion never asks the database for what the user may not read, so it never causes a DENIED audit record.
 * A failure to read candidates only means no candidates: completion never breaks the session.
 */
final class ShellCompleter implements Completer {

    private static final int LIMIT = 50;
    private static final int SKU_LIMIT = 500;
    private static final Set<String> SELLER_VERBS = Set.of("show", "suspend", "reinstate");
    private static final Set<String> EXECUTION_VERBS = Set.of("status", "stop", "restart");

    private final CliContext context;
    private final Completer commands;

    ShellCompleter(CliContext context, Completer commands) {
        this.context = context;
        this.commands = commands;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        List<String> words = line.words();
        int index = line.wordIndex();
        int first = !words.isEmpty() && words.get(0).equals("bazaar") ? 1 : 0; // "bazaar seller ..." is allowed
        List<String> before = words.subList(first, Math.max(first, index));
        String previous = before.isEmpty() ? "" : before.get(before.size() - 1);
        try {
            if (previous.equals("--seller")) {
                sellers(candidates);
                return;
            }
            if (previous.equals("--sku")) {
                String typed = line.word().substring(0, Math.min(line.wordCursor(), line.word().length()));
                valueOf(words, "--seller").ifPresent(seller -> skus(seller, typed, candidates));
                return;
            }
            if (firstArgumentOf(before, "seller", SELLER_VERBS)) {
                sellers(candidates);
                return;
            }
            if (firstArgumentOf(before, "job", EXECUTION_VERBS)) {
                executions(candidates);
                return;
            }
        } catch (RuntimeException e) {
            return; // no candidates; the command itself will say what is wrong
        }
        commands.complete(reader, line, candidates);
    }

    /** True when the words so far are exactly {@code noun verb} (plus options): the next word is the argument. */
    private static boolean firstArgumentOf(List<String> before, String noun, Set<String> verbs) {
        List<String> plain = before.stream().filter(w -> !w.startsWith("-")).toList();
        return plain.size() == 2 && plain.get(0).equals(noun) && verbs.contains(plain.get(1));
    }

    private static Optional<String> valueOf(List<String> words, String option) {
        for (int i = 0; i + 1 < words.size(); i++) {
            if (words.get(i).equals(option) && !words.get(i + 1).isBlank()) {
                return Optional.of(words.get(i + 1));
            }
        }
        return Optional.empty();
    }

    private void sellers(List<Candidate> candidates) {
        var actor = context.actor();
        if (AccessPolicy.accessOf(actor, Action.SELLER_VIEW) == Access.DENY) {
            return;
        }
        for (var seller : context.services().listSellers().list(actor)) {
            candidates.add(new Candidate(seller.code().value(), seller.code().value(), "sellers",
                    seller.name() + " (" + seller.currency().value() + ", " + seller.status().name().toLowerCase()
                            + ")", null, null, true));
        }
    }

    /** The seller's SKUs that start with what is typed (asked of the database: a catalog may hold 50,000). */
    private void skus(String seller, String prefix, List<Candidate> candidates) {
        var actor = context.actor();
        Optional<String> own = context.authenticated().sellerCode().map(SellerCode::value);
        boolean mayView = AccessPolicy.allowsAny(actor, Action.PRODUCT_VIEW)
                || (AccessPolicy.accessOf(actor, Action.PRODUCT_VIEW) == Access.OWN
                && own.map(seller::equalsIgnoreCase).orElse(false));
        if (!mayView) {
            return;
        }
        for (var view : context.services().showProduct().withSkuPrefix(actor, SellerCode.of(seller), prefix,
                SKU_LIMIT)) {
            String sku = view.product().sku().value();
            candidates.add(new Candidate(sku, sku, "products", view.product().title(), null, null, true));
        }
    }

    private void executions(List<Candidate> candidates) {
        var actor = context.actor();
        Access access = AccessPolicy.accessOf(actor, Action.JOB_VIEW);
        if (access == Access.DENY) {
            return;
        }
        Optional<String> seller = access == Access.ALLOW ? Optional.empty()
                : Optional.of(context.authenticated().sellerCode().map(SellerCode::value).orElse("\u0000none"));
        var state = new OperationalState(context.services().database().jdbc());
        for (var execution : state.recentExecutions(LIMIT, seller)) {
            String id = Long.toString(execution.execution());
            candidates.add(new Candidate(id, id, "executions", execution.job() + " " + execution.status(), null,
                    null, true));
        }
    }
}
