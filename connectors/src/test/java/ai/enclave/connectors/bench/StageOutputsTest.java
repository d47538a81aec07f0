package ai.enclave.connectors.bench;

import static org.assertj.core.api.Assertions.assertThat;

import ai.enclave.connectors.pipeline.BoilerplateConfig;
import ai.enclave.connectors.pipeline.DedupConfig;
import ai.enclave.connectors.pipeline.LanguageConfig;
import ai.enclave.connectors.pipeline.LanguageId;
import ai.enclave.connectors.pipeline.LineFrequencies;
import ai.enclave.connectors.pipeline.NearDedup;
import ai.enclave.connectors.pipeline.Normalise;
import ai.enclave.connectors.pipeline.PiiRedactor;
import ai.enclave.connectors.pipeline.QualityFilter;
import ai.enclave.connectors.pipeline.QualityThresholds;
import ai.enclave.connectors.pipeline.Verdict;
import ai.enclave.connectors.spi.Document;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Pins the pure stages and the MinHash signature to fixed outputs on 3,000 bench documents: digests of
 * every text, count, tag, verdict and signature, taken from the implementations these stages had
 * before they were tuned for speed. Any change of behaviour, however small, changes a digest; the
 * per-type and per-reason totals say where to look.
 */
class StageOutputsTest {
    static final int DOCUMENTS = 3_000;

    /** Feeds {@code digest} and {@code totals} with what both stages make of document i. */
    static void run(CorpusGenerator.Doc d, MessageDigest digest, Map<String, Integer> totals) {
        Map<String, Integer> counts = new TreeMap<>();
        String redacted = PiiRedactor.redact(d.text(), counts);
        counts.forEach((type, n) -> totals.merge(type, n, Integer::sum));
        String kind = String.valueOf(d.kind()).equals("CODE") ? "code" : "prose";
        Verdict v = new QualityFilter(QualityThresholds.defaults())
                .apply(new Document("d", redacted, Map.of("kind", kind)));
        totals.merge(v.kept() ? "kept" : v.reason(), 1, Integer::sum);
        digest.update((redacted + '\u0000' + counts + '\u0000' + v.kept() + ' ' + v.reason() + ' ' + v.detail() + '\n')
                .getBytes(StandardCharsets.UTF_8));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void redaction_and_verdicts_on_generated_documents_match_the_recorded_outputs() {
        CorpusGenerator generator = new CorpusGenerator(7, 0.8, 5);
        MessageDigest digest = sha256();
        Map<String, Integer> totals = new TreeMap<>();
        for (int i = 0; i < DOCUMENTS; i++) run(generator.document(i), digest, totals);

        assertThat(totals)
                .hasToString(
                        "{CREDIT_CARD=167, EMAIL=152, IBAN=186, IP_ADDRESS=396, NATIONAL_ID=162, PASSWORD=222, PHONE=270, PRIVATE_KEY=52, SECRET=440, alphabetic-words=134, duplicate-10grams=4, duplicate-5grams=1, duplicate-7grams=3, duplicate-8grams=2, duplicate-9grams=1, kept=2611, lines-without-punctuation=34, too-few-words=210}");
        assertThat(HexFormat.of().formatHex(digest.digest()))
                .isEqualTo("92dc0aac65768766c2df453880e1f70d975b92f7d30e49b469e202c8205098b9");
    }

    @Test
    void normalise_boilerplate_language_and_signatures_on_generated_documents_match_the_recorded_outputs() {
        CorpusGenerator generator = new CorpusGenerator(7, 0.8, 5);
        Normalise normalise = new Normalise();
        LineFrequencies lines = new LineFrequencies(BoilerplateConfig.defaults().minLineChars());
        MessageDigest digest = sha256();
        Map<String, Integer> totals = new TreeMap<>();
        List<Document> normalised = new ArrayList<>();
        for (int i = 0; i < DOCUMENTS; i++) {
            CorpusGenerator.Doc d = generator.document(i);
            String kind = String.valueOf(d.kind()).equals("CODE") ? "code" : "prose";
            // the generator's text is already clean; the variants exercise what normalising changes
            String raw = i % 3 == 0 ? d.text() : messy(d.text(), i);
            Verdict v = normalise.apply(new Document("d" + i, raw, Map.of("kind", kind)));
            totals.merge(v.kept() ? "normalised" : v.reason(), 1, Integer::sum);
            if (!v.kept()) continue;
            digest.update((v.document().text() + '\u0000').getBytes(StandardCharsets.UTF_8));
            lines.add(v.document());
            normalised.add(v.document());
        }
        var boilerplate = lines.removal(new BoilerplateConfig(true, 20, 5, 0.002));
        LanguageId language = new LanguageId(LanguageConfig.defaults());
        NearDedup near = new NearDedup(DedupConfig.defaults());
        for (Document d : normalised) {
            Verdict b = boilerplate.apply(d);
            totals.merge(
                    "boilerplate " + (b.kept() ? b.counts().getOrDefault("lines_removed", 0) : b.reason()),
                    1,
                    Integer::sum);
            if (!b.kept()) continue;
            Verdict l = language.apply(b.document());
            totals.merge(l.document().metadata().get("language"), 1, Integer::sum);
            digest.update((b.document().text()
                            + '\u0000'
                            + l.document().metadata().get("language")
                            + '\u0000'
                            + Arrays.toString(near.signature(l.document()))
                            + '\n')
                    .getBytes(StandardCharsets.UTF_8));
        }

        assertThat(totals)
                .hasToString(
                        "{ar=84, boilerplate 0=900, boilerplate 1=1345, boilerplate 10=23, boilerplate 11=11, boilerplate 12=3, boilerplate 13=3, boilerplate 16=1, boilerplate 2=402, boilerplate 3=65, boilerplate 4=49, boilerplate 5=47, boilerplate 6=51, boilerplate 7=45, boilerplate 8=36, boilerplate 9=19, code=368, de=241, en=1614, es=162, fr=224, hi=54, ja=38, normalised=3000, ru=157, zh=58}");
        assertThat(HexFormat.of().formatHex(digest.digest()))
                .isEqualTo("d5576e6fb1bca3c3f54332ff1f0d6edab73b5088e7d377bd98d80deb852f5784");
    }

    /** Document i's text with CRLF line ends, tabs, runs of spaces, blank lines, invisible and exotic characters. */
    private static String messy(String text, int i) {
        StringBuilder out = new StringBuilder(text.length() + 64);
        int line = 0;
        for (int c = 0; c < text.length(); c++) {
            char ch = text.charAt(c);
            if (ch == '\n') {
                line++;
                if ((line + i) % 4 == 0) out.append("  \t");
                out.append(i % 2 == 0 ? "\r\n" : "\n");
                if ((line + i) % 5 == 0) out.append("\n \n\u000B\n");
                if ((line + i) % 7 == 0) out.append("\u00A0 \u2003");
                continue;
            }
            if (ch == ' ' && (c + i) % 11 == 0) out.append("  \u200B");
            else if (ch == 'e' && (c + i) % 13 == 0) out.append("e\u0301\u00AD");
            else if (ch == ' ' && (c + i) % 17 == 0) out.append('\uFEFF').append('\u3000');
            else out.append(ch);
        }
        return out.toString();
    }
}
