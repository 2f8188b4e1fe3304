package com.bazaar.reconciliation.settlement;

/** A line that could not be read as a settlement record: its line number, why, and the raw text (for the report). */
public record ParseProblem(long line, String reason, String raw) {
}
