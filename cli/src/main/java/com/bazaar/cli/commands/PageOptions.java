package com.bazaar.cli.commands;

import com.bazaar.cli.CliContext;
import com.bazaar.cli.output.Output;
import com.bazaar.domain.shared.Cursor;
import com.bazaar.domain.shared.Page;
import com.bazaar.domain.shared.PageRequest;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code --limit} and {@code --after} of every list command, and the loop that prints its pages (see docs/paging.md).
 * A page is read by keyset: the rows after the cursor in the list's order, so rows inserted or deleted meanwhile never
 * make another row appear twice or go missing. When more rows exist, a note on stderr names the next page's cursor:
 * {@code note: showing 100 of 50,002; next page: --after KEY}; JSON carries it as {@code "next"}.
 */
class PageOptions {

    static final int DEFAULT_LIMIT = 100;

    @Option(names = "--limit", defaultValue = "" + DEFAULT_LIMIT, paramLabel = "N",
            description = "At most N rows per page, 1 to " + PageRequest.MAX_LIMIT + " (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--after", paramLabel = "KEY",
            description = "Start after this cursor: the KEY a previous page's 'next page: --after KEY' note (or its"
                    + " JSON \"next\") gave.")
    String after;

    private static final String ALL = "Every page from the start (or from --after) on, written as each is read"
            + " (constant memory); --limit is then the page size.";

    /** Whether every page from the first (or from --after) on is printed; a subclass adds the option. */
    boolean every;

    PageRequest request() {
        return new PageRequest(Optional.ofNullable(after), limit);
    }

    /** Reads and prints the page asked for (every page with {@code --all}), one page in memory at a time. */
    <T> void print(CliContext context, List<String> columns, Function<PageRequest, Page<T>> read,
                   Function<T, Map<String, Object>> view) {
        print(context.output(), context.err(), columns, read, view);
    }

    /** {@link #print(CliContext, List, Function, Function)} to this output, the note to {@code err}. */
    <T> void print(Output output, PrintWriter err, List<String> columns, Function<PageRequest, Page<T>> read,
                   Function<T, Map<String, Object>> view) {
        Output.Pages pages = output.pages(columns);
        PageRequest request = request();
        Page<T> page;
        while (true) {
            page = read.apply(request);
            pages.write(page.items().stream().map(view).toList());
            if (!every || page.next().isEmpty()) {
                break;
            }
            request = request.continuing(page.next().get());
        }
        pages.end(page.next().map(Cursor::token), page.total());
        if (page.next().isPresent()) {
            String shown = String.format(Locale.ROOT, "%,d", page.items().size());
            String of = page.total().isPresent()
                    ? " of " + String.format(Locale.ROOT, "%,d", page.total().getAsLong()) : "";
            Output.diagnostic(err, "note", "showing " + shown + of + "; next page: --after "
                    + page.next().get().token());
            err.flush();
        }
    }

    /** The paging options with {@code --all-pages}: dlq list, whose {@code --all} means "replayed and discarded too". */
    static class AllPages extends PageOptions {

        @Option(names = "--all-pages", description = ALL)
        void all(boolean all) {
            every = all;
        }
    }

    /** The paging options with {@code --all}: every list but dlq list (whose --all means something else). */
    static class WithAll extends PageOptions {

        @Option(names = "--all", description = ALL)
        void all(boolean all) {
            every = all;
        }
    }
}
