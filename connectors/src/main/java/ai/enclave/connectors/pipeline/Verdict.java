package ai.enclave.connectors.pipeline;

import ai.enclave.connectors.spi.Document;
import java.util.Map;
import java.util.Objects;

/**
 * What a stage did with one document: kept it (possibly with new text) or dropped it with a reason
 * (a short stable key such as {@code too-few-words}, counted in the statistics) and a detail for the
 * samples (the measured value, the id it duplicates). {@code counts} carries per-type tallies a stage
 * wants summed, e.g. PII placeholders by type.
 */
public record Verdict(Document document, String reason, String detail, Map<String, Integer> counts) {
    public Verdict {
        counts = Map.copyOf(counts);
        if ((document == null) == (reason == null)) {
            throw new IllegalArgumentException("a verdict keeps a document or gives a reason, not both");
        }
    }

    public static Verdict keep(Document document) {
        return new Verdict(Objects.requireNonNull(document, "document is null"), null, null, Map.of());
    }

    public static Verdict keep(Document document, Map<String, Integer> counts) {
        return new Verdict(Objects.requireNonNull(document, "document is null"), null, null, counts);
    }

    public static Verdict drop(String reason, String detail) {
        return new Verdict(null, Objects.requireNonNull(reason, "reason is null"), detail, Map.of());
    }

    public boolean kept() {
        return document != null;
    }
}
