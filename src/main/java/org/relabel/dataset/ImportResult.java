package org.relabel.dataset;

/** What an accepted upload did: rows read, entries created and updated. */
public record ImportResult(long rows, long created, long updated) {
}
