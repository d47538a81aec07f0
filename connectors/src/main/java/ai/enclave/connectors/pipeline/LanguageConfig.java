package ai.enclave.connectors.pipeline;

import java.util.List;

/**
 * Language identification settings.
 *
 * @param enabled false: no detection, no {@code language} metadata
 * @param candidates ISO 639-1 codes the detector chooses among, e.g. {@code ["en", "de", "fr"]}; empty: all 75
 *     languages Lingua knows (more memory and time, and more confusion between close languages)
 * @param keep documents in other languages are dropped, e.g. {@code ["en", "de"]}; empty: keep all
 * @param sampleChars detect on the first this many characters, e.g. 300: a few sentences are enough for a
 *     confident answer, and the Lingua fallback costs 0.1-0.5 ms per few hundred characters
 */
public record LanguageConfig(boolean enabled, List<String> candidates, List<String> keep, int sampleChars) {
    public LanguageConfig {
        candidates = candidates == null ? List.of() : List.copyOf(candidates);
        keep = keep == null ? List.of() : List.copyOf(keep);
        if (candidates.size() == 1)
            throw new IllegalArgumentException("language candidates: list at least two, or none for all");
        if (sampleChars < 1) throw new IllegalArgumentException("sampleChars must be positive");
    }

    public static LanguageConfig defaults() {
        return new LanguageConfig(
                true,
                List.of(
                        "en", "de", "fr", "es", "it", "pt", "nl", "pl", "sv", "da", "ru", "uk", "cs", "tr", "ar", "hi",
                        "zh", "ja", "ko"),
                List.of(),
                300);
    }
}
