package ai.enclave.connectors.pipeline;

import ai.enclave.connectors.spi.Document;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Drops a document whose MinHash-estimated Jaccard similarity to an earlier kept document reaches the
 * threshold. LSH bands give the candidates; each candidate is confirmed on the full signature, so the
 * banding only decides recall. Memory: one signature (4 bytes per permutation) and one index entry per
 * band for every kept document, about 1 KB per document at 128 permutations; a distributed run would
 * partition the band tables. Stateful, not thread-safe.
 */
public final class NearDedup implements Stage {
    private final MinHash minHash;
    private final double threshold;
    private final int bands;
    private final int rows;
    private final List<Map<Long, List<Integer>>> bandTables = new ArrayList<>();
    private final List<int[]> signatures = new ArrayList<>();
    private final List<String> ids = new ArrayList<>();

    public NearDedup(DedupConfig config) {
        this.minHash = new MinHash(config.permutations(), config.shingleWords(), 0x5EEDL);
        this.threshold = config.jaccardThreshold();
        int[] br = MinHash.bandsAndRows(threshold, config.permutations());
        this.bands = br[0];
        this.rows = br[1];
        for (int i = 0; i < bands; i++) bandTables.add(new HashMap<>());
    }

    @Override
    public String name() {
        return "near-dedup";
    }

    @Override
    public boolean pure() {
        return false;
    }

    @Override
    public Verdict apply(Document document) {
        int[] sig = minHash.signature(document.text());
        long[] keys = new long[bands];
        for (int band = 0; band < bands; band++) {
            long h = band;
            for (int r = band * rows; r < (band + 1) * rows; r++) h = Hashing.mix(h * 31 + sig[r]);
            keys[band] = h;
            for (int candidate : bandTables.get(band).getOrDefault(h, List.of())) {
                double s = MinHash.similarity(sig, signatures.get(candidate));
                if (s >= threshold) {
                    return Verdict.drop(
                            "near-duplicate", String.format(Locale.ROOT, "%.2f like %s", s, ids.get(candidate)));
                }
            }
        }
        int index = signatures.size();
        signatures.add(sig);
        ids.add(document.id());
        for (int band = 0; band < bands; band++) {
            bandTables
                    .get(band)
                    .computeIfAbsent(keys[band], k -> new ArrayList<>(1))
                    .add(index);
        }
        return Verdict.keep(document);
    }
}
