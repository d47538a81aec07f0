package ai.enclave.connectors.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import ai.enclave.connectors.spi.Document;
import ai.enclave.connectors.testing.Prose;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DedupTest {
    @Test
    void an_identical_text_is_dropped_naming_the_first_document() {
        ExactDedup dedup = new ExactDedup();

        assertThat(dedup.apply(new Document("a", "same words", Map.of())).kept())
                .isTrue();
        Verdict second = dedup.apply(new Document("b", "same words", Map.of()));

        assertThat(second.reason()).isEqualTo("exact-duplicate");
        assertThat(second.detail()).isEqualTo("same text as a");
        assertThat(dedup.apply(new Document("c", "other words", Map.of())).kept())
                .isTrue();
    }

    @Test
    void minhash_similarity_estimates_the_jaccard_similarity_of_shingle_sets() {
        Random r = new Random(2);
        String base = Prose.document(r, 600);
        String[] words = base.split(" ");
        String[] edited = words.clone();
        for (int i = 0; i < words.length; i += 40) edited[i] = "changed";
        MinHash mh = new MinHash(256, 5, 1);

        double estimate = MinHash.similarity(mh.signature(base), mh.signature(String.join(" ", edited)));

        assertThat(estimate).isCloseTo(exactJaccard(base, String.join(" ", edited), 5), offset(0.08));
    }

    @Test
    void lsh_bands_for_a_threshold_put_the_s_curve_near_it() {
        int[] br = MinHash.bandsAndRows(0.8, 128);
        double knee = Math.pow(1.0 / br[0], 1.0 / br[1]);

        assertThat(br[0] * br[1]).isLessThanOrEqualTo(128);
        assertThat(knee).isBetween(0.6, 0.85);
    }

    @Test
    void planted_near_duplicates_are_found_with_high_recall_and_no_false_drops() {
        Random r = new Random(9);
        List<Document> docs = new ArrayList<>();
        List<String> originals = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String text = Prose.document(r, 300);
            originals.add(text);
            docs.add(new Document("orig-" + i, text, Map.of()));
        }
        int planted = 0;
        for (int i = 0; i < 300; i += 3) {
            String[] words = originals.get(i).split(" ");
            for (int k = 50; k < words.length; k += 100) words[k] = "edited";
            // one word in 100 changed: each change breaks 5 of ~300 shingles, Jaccard about 0.9
            docs.add(new Document("dup-" + i, String.join(" ", words), Map.of()));
            planted++;
        }
        NearDedup dedup = new NearDedup(DedupConfig.defaults());

        int droppedDups = 0, droppedOriginals = 0;
        for (Document d : docs) {
            Verdict v = dedup.apply(d);
            if (!v.kept()) {
                assertThat(v.reason()).isEqualTo("near-duplicate");
                if (d.id().startsWith("dup-")) droppedDups++;
                else droppedOriginals++;
            }
        }

        assertThat((double) droppedDups / planted).isGreaterThanOrEqualTo(0.95);
        assertThat(droppedOriginals).isZero();
    }

    private static double exactJaccard(String a, String b, int n) {
        var sa = shingles(a, n);
        var sb = shingles(b, n);
        var inter = new HashSet<>(sa);
        inter.retainAll(sb);
        var union = new HashSet<>(sa);
        union.addAll(sb);
        return (double) inter.size() / union.size();
    }

    private static Set<String> shingles(String text, int n) {
        String[] w = text.toLowerCase().split("[^\\p{L}\\p{N}]+");
        Set<String> s = new HashSet<>();
        for (int i = 0; i + n <= w.length; i++) s.add(String.join(" ", Arrays.copyOfRange(w, i, i + n)));
        return s;
    }
}
