package com.bazaar.reconciliation.settlement;

import java.io.InputStream;
import java.util.function.Consumer;

/** Reads one provider format, streaming: every line becomes a record or a problem; none is dropped silently. */
public interface SettlementParser {

    /** The format's name on the command line: generic, stripe, adyen. */
    String name();

    void parse(InputStream file, Consumer<SettlementRecord> records, Consumer<ParseProblem> problems);
}
