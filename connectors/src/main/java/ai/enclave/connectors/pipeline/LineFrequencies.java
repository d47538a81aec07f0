package ai.enclave.connectors.pipeline;

import ai.enclave.connectors.spi.Document;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * In how many documents each line appears, counted in a first pass so a second pass can cut lines that
 * repeat across many documents. A count-min sketch with conservative update: memory is fixed
 * (4 rows of 2^20 ints, 16 MB) whatever the corpus size, and counts can only be over-estimated, by about
 * (distinct lines / 2^20) on average, which matters only for thresholds of a handful of documents on a
 * corpus of many millions of lines. Not thread-safe: fed by one thread.
 */
public final class LineFrequencies {
    private static final int ROWS = 4;
    private static final int WIDTH_BITS = 20;
    private final int[][] counts = new int[ROWS][1 << WIDTH_BITS];
    private final int minLineChars;
    private long documents;

    public LineFrequencies(int minLineChars) {
        this.minLineChars = minLineChars;
    }

    public void add(Document document) {
        documents++;
        Set<Long> seen = new HashSet<>();
        for (String line : document.text().split("\n")) {
            String key = line.strip();
            if (key.length() < minLineChars) continue;
            long h = Hashing.hash(key);
            if (!seen.add(h)) continue;
            int min = estimate(h);
            for (int r = 0; r < ROWS; r++) {
                int[] row = counts[r];
                int slot = slot(h, r);
                if (row[slot] == min) row[slot] = min + 1;
            }
        }
    }

    int estimate(long lineHash) {
        int min = Integer.MAX_VALUE;
        for (int r = 0; r < ROWS; r++) min = Math.min(min, counts[r][slot(lineHash, r)]);
        return min;
    }

    /** The stage that cuts every line seen in at least {@code max(minDocuments, fraction * documents)} documents. */
    public Stage removal(BoilerplateConfig config) {
        long threshold = Math.max(config.minDocuments(), (long) Math.ceil(config.minDocumentFraction() * documents));
        return new Stage() {
            @Override
            public String name() {
                return "boilerplate";
            }

            @Override
            public Verdict apply(Document document) {
                StringBuilder kept = new StringBuilder(document.text().length());
                int removed = 0;
                for (String line : document.text().split("\n")) {
                    String key = line.strip();
                    if (key.length() >= minLineChars && !isArmour(key) && estimate(Hashing.hash(key)) >= threshold) {
                        removed++;
                        continue;
                    }
                    if (!kept.isEmpty()) kept.append('\n');
                    kept.append(line);
                }
                if (removed == 0) return Verdict.keep(document);
                String text = kept.toString().strip();
                if (text.isEmpty()) return Verdict.drop("only-boilerplate", removed + " lines");
                return Verdict.keep(document.withText(text), Map.of("lines_removed", removed));
            }
        };
    }

    /**
     * PEM armour ({@code -----BEGIN RSA PRIVATE KEY-----}) repeats across documents like boilerplate, but
     * cutting it would leave a key's body without the markers by which PII redaction finds the block.
     */
    private static boolean isArmour(String line) {
        return line.startsWith("-----BEGIN ") || line.startsWith("-----END ");
    }

    private static int slot(long h, int row) {
        return (int) (Hashing.mix(h + row * 0x9E3779B97F4A7C15L) >>> (64 - WIDTH_BITS));
    }
}
