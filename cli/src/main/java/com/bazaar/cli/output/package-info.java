/**
 * How commands print data - aligned tables for people, JSON for scripts, CSV for spreadsheets - and the one place
 * that renders untrusted text for terminals and logs (TerminalText, the guarded writers, JSON escapes, log safety).
 */
package com.bazaar.cli.output;
