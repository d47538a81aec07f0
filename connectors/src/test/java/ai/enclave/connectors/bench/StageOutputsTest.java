package ai.enclave.connectors.bench;

import static org.assertj.core.api.Assertions.assertThat;

import ai.enclave.connectors.pipeline.PiiRedactor;
import ai.enclave.connectors.pipeline.QualityFilter;
import ai.enclave.connectors.pipeline.QualityThresholds;
import ai.enclave.connectors.pipeline.Verdict;
import ai.enclave.connectors.spi.Document;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Pins PII redaction and the quality filter to fixed outputs on 3,000 bench documents: a digest of every
 * redacted text, count and verdict, taken from the implementation these stages had before they were
 * tuned for speed. Any change of behaviour, however small, changes the digest; the per-type and
 * per-reason totals say where to look.
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
}
