package ai.enclave.connectors.pipeline;

import ai.enclave.connectors.spi.Document;

/**
 * One step of data preparation, applied to one document at a time. A pure stage (the default) depends on
 * nothing but its configuration and the document, so documents may go through it in parallel, in any
 * order, on any machine. A stage that remembers what it saw (deduplication) says so with {@link #pure()}
 * = false: the runner feeds it one document at a time in a fixed order, and the first of a group wins.
 */
public interface Stage {
    /** Short stable name used in statistics, e.g. {@code quality}. */
    String name();

    Verdict apply(Document document);

    default boolean pure() {
        return true;
    }
}
