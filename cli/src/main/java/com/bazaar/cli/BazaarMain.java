package com.bazaar.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** The {@code bazaar} executable. Starts no database and no framework for commands that need none. */
public final class BazaarMain {

    private BazaarMain() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code = new Bazaar(System.getenv(), out, err).run(args);
        out.flush();
        err.flush();
        System.exit(code);
    }
}
