package ai.enclave.connectors.pipeline;

import ai.enclave.connectors.spi.Document;
import com.github.pemistahl.lingua.api.IsoCode639_1;
import com.github.pemistahl.lingua.api.Language;
import com.github.pemistahl.lingua.api.LanguageDetector;
import com.github.pemistahl.lingua.api.LanguageDetectorBuilder;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Tags each prose document with its language (metadata {@code language}: an ISO 639-1 code, or
 * {@code unknown} when the detector is not sure) and counts documents per language; optionally drops
 * languages not in the keep list. Uses Lingua (n-gram models, no network) in low-accuracy mode, which
 * loads only trigram models (tens of MB for the default candidates instead of about a GB) and is
 * reliable on paragraph-length text, which is what a document sample is. Code is tagged {@code code}
 * and never dropped. Pure: the detector is immutable and thread-safe.
 */
public final class LanguageId implements Stage {
    private final LanguageDetector detector;
    private final Set<String> keep;
    private final int sampleChars;

    public LanguageId(LanguageConfig config) {
        IsoCode639_1[] codes = config.candidates().stream()
                .map(c -> {
                    try {
                        return IsoCode639_1.valueOf(c.toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("unknown ISO 639-1 language code '" + c + "'");
                    }
                })
                .toArray(IsoCode639_1[]::new);
        LanguageDetectorBuilder builder = codes.length == 0
                ? LanguageDetectorBuilder.fromAllLanguages()
                : LanguageDetectorBuilder.fromIsoCodes639_1(codes);
        this.detector = builder.withLowAccuracyMode().build();
        this.keep = new HashSet<>(config.keep());
        this.sampleChars = config.sampleChars();
    }

    @Override
    public String name() {
        return "language";
    }

    @Override
    public Verdict apply(Document document) {
        String language = "code".equals(document.metadata().get("kind")) ? "code" : detect(document.text());
        Map<String, String> meta = new HashMap<>(document.metadata());
        meta.put("language", language);
        Document tagged = new Document(document.id(), document.text(), meta);
        if (!keep.isEmpty() && !language.equals("code") && !keep.contains(language)) {
            return Verdict.drop("language-not-kept", language);
        }
        return Verdict.keep(tagged, Map.of(language, 1));
    }

    String detect(String text) {
        String sample = text.length() <= sampleChars ? text : text.substring(0, sampleChars);
        Language l = detector.detectLanguageOf(sample);
        return l == Language.UNKNOWN ? "unknown" : l.getIsoCode639_1().name().toLowerCase(Locale.ROOT);
    }
}
