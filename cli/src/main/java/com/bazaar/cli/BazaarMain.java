package com.bazaar.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** The {@code bazaar} executable. Starts no database and no framework for commands that need none. */
public final class BazaarMain {

    private BazaarMain() {
    }

    /**
     * Chooses the log format before anything logs: JSON lines with --log-format json (or BAZAAR_LOG_FORMAT=json),
     * readable text otherwise.
     */
    static void selectLogFormat(String[] args, java.util.Map<String, String> env) {
        String format = env.getOrDefault("BAZAAR_LOG_FORMAT", "text");
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--log-format=")) {
                format = args[i].substring("--log-format=".length());
            } else if (args[i].equals("--log-format") && i + 1 < args.length) {
                format = args[i + 1];
            }
        }
        if ("json".equals(format) && System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "logback-json.xml");
        }
    }

    public static void main(String[] args) {
        selectLogFormat(args, System.getenv());
        // libraries that log through java.util.logging (the PostgreSQL driver) go through the same log as the rest:
        // its levels, its format, its masking of URL credentials and escaping of control characters
        org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
        org.slf4j.bridge.SLF4JBridgeHandler.install();
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code = new Bazaar(System.getenv(), out, err).run(args);
        out.flush();
        err.flush();
        System.exit(code);
    }
}
