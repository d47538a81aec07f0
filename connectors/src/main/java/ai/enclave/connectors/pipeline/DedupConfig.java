package ai.enclave.connectors.pipeline;

/**
 * Deduplication settings.
 *
 * @param exact drop documents whose text equals an earlier one's
 * @param near drop documents whose estimated Jaccard similarity to an earlier kept one reaches the threshold
 * @param jaccardThreshold e.g. 0.8 (of word shingle sets)
 * @param shingleWords words per shingle, e.g. 5
 * @param permutations MinHash signature length, e.g. 128 (more: better estimates, more memory and time)
 */
public record DedupConfig(boolean exact, boolean near, double jaccardThreshold, int shingleWords, int permutations) {
    public DedupConfig {
        if (jaccardThreshold <= 0 || jaccardThreshold > 1)
            throw new IllegalArgumentException("jaccardThreshold must be in (0, 1], got " + jaccardThreshold);
        if (shingleWords < 1) throw new IllegalArgumentException("shingleWords must be at least 1");
        if (permutations < 8) throw new IllegalArgumentException("permutations must be at least 8");
    }

    public static DedupConfig defaults() {
        return new DedupConfig(true, true, 0.8, 5, 128);
    }
}
