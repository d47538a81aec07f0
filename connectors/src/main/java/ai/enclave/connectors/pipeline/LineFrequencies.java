package ai.enclave.connectors.pipeline;

import ai.enclave.connectors.spi.Document;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;

/**
 * In how many documents each line appears, counted in a first pass so a second pass can cut lines that
 * repeat across many documents. A count-min sketch with conservative update: memory is fixed
 * (4 rows of 2^20 ints, 16 MB) whatever the corpus size, and counts can only be over-estimated, by about
 * (distinct lines / 2^20) on average, which matters only for thresholds of a handful of documents on a
 * corpus of many millions of lines. Not thread-safe: fed by one thread. {@link #write} and
 * {@link #read} save and restore the counts (16 MB) for a run's first-pass checkpoint.
 */
public final class LineFrequencies {
    private static final int ROWS = 4;
    private static final int WIDTH_BITS = 20;
    private final int[][] counts = new int[ROWS][1 << WIDTH_BITS];
    private final int minLineChars;
    private long documents;
    private final LongSet seen = new LongSet(); // lines of the document being added

    /** A set of longs for one document's line hashes, cleared and reused (no boxing, no garbage). */
    private static final class LongSet {
        private long[] keys = new long[256];
        private boolean[] used = new boolean[256];
        private int size;

        boolean add(long key) {
            if (size * 2 >= keys.length) grow();
            int mask = keys.length - 1;
            int s = (int) key & mask; // the keys are mixed hashes
            while (used[s]) {
                if (keys[s] == key) return false;
                s = (s + 1) & mask;
            }
            used[s] = true;
            keys[s] = key;
            size++;
            return true;
        }

        void clear() {
            if (size == 0) return;
            if (keys.length > 4096) {
                keys = new long[256];
                used = new boolean[256];
            } else Arrays.fill(used, false);
            size = 0;
        }

        private void grow() {
            long[] oldKeys = keys;
            boolean[] oldUsed = used;
            keys = new long[oldKeys.length * 2];
            used = new boolean[oldKeys.length * 2];
            size = 0;
            for (int i = 0; i < oldKeys.length; i++) if (oldUsed[i]) add(oldKeys[i]);
        }
    }

    public LineFrequencies(int minLineChars) {
        this.minLineChars = minLineChars;
    }

    public void add(Document document) {
        documents++;
        String text = document.text();
        seen.clear();
        int end = linesEnd(text);
        for (int start = 0; start <= end; ) {
            int lineEnd = lineEnd(text, start, end);
            int ks = QualityFilter.stripStart(text, start, lineEnd), ke = QualityFilter.stripEnd(text, ks, lineEnd);
            if (ke - ks >= minLineChars) {
                long h = Hashing.hash(text, ks, ke);
                if (seen.add(h)) {
                    int min = estimate(h);
                    for (int r = 0; r < ROWS; r++) {
                        int[] row = counts[r];
                        int slot = slot(h, r);
                        if (row[slot] == min) row[slot] = min + 1;
                    }
                }
            }
            start = lineEnd + 1;
            if (start > end) break;
        }
    }

    /** Writes the document count and the sketch. */
    public void write(DataOutput out) throws IOException {
        out.writeInt(minLineChars);
        out.writeLong(documents);
        for (int[] row : counts) for (int c : row) out.writeInt(c);
    }

    /** Replaces this sketch's counts with ones saved by {@link #write} (with the same {@code minLineChars}). */
    public void read(DataInput in) throws IOException {
        int saved = in.readInt();
        if (saved != minLineChars) {
            throw new IOException("line counts were saved with minLineChars " + saved + ", not " + minLineChars);
        }
        documents = in.readLong();
        for (int[] row : counts) for (int i = 0; i < row.length; i++) row[i] = in.readInt();
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
                String text = document.text();
                int end = linesEnd(text);
                // most documents lose no line and are kept as they are: the new text is started only at
                // the first removed line, from the lines before it as they stand in the text
                StringBuilder kept = null;
                int removed = 0;
                for (int start = 0; start <= end; ) {
                    int lineEnd = lineEnd(text, start, end);
                    if (removable(text, start, lineEnd, threshold)) {
                        if (kept == null) {
                            kept = new StringBuilder(text.length());
                            if (start > 0) kept.append(text, 0, start - 1);
                        }
                        removed++;
                    } else if (kept != null) {
                        // the result is stripped, so a line break before leading empty lines changes nothing
                        if (!kept.isEmpty()) kept.append('\n');
                        kept.append(text, start, lineEnd);
                    }
                    start = lineEnd + 1;
                    if (start > end) break;
                }
                if (kept == null) return Verdict.keep(document);
                String out = kept.toString().strip();
                if (out.isEmpty()) return Verdict.drop("only-boilerplate", removed + " lines");
                return Verdict.keep(document.withText(out), Map.of("lines_removed", removed));
            }
        };
    }

    private boolean removable(String text, int start, int lineEnd, long threshold) {
        int ks = QualityFilter.stripStart(text, start, lineEnd), ke = QualityFilter.stripEnd(text, ks, lineEnd);
        return ke - ks >= minLineChars && !isArmour(text, ks, ke) && estimate(Hashing.hash(text, ks, ke)) >= threshold;
    }

    // Lines are what text.split("\n") gives, stripped, found by index without a String each: the
    // segments between line breaks, trailing empty ones left out (an empty text is one empty line).

    /** End of the last line, after trailing line breaks are dropped; -1 when there is no line at all. */
    private static int linesEnd(String text) {
        if (text.isEmpty()) return 0;
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == '\n') end--;
        return end == 0 ? -1 : end;
    }

    private static int lineEnd(String text, int start, int end) {
        int i = text.indexOf('\n', start);
        return i < 0 || i > end ? end : i;
    }

    /**
     * PEM armour ({@code -----BEGIN RSA PRIVATE KEY-----}) repeats across documents like boilerplate, but
     * cutting it would leave a key's body without the markers by which PII redaction finds the block.
     */
    private static boolean isArmour(String text, int start, int end) {
        return startsWithin(text, start, end, "-----BEGIN ") || startsWithin(text, start, end, "-----END ");
    }

    private static boolean startsWithin(String text, int start, int end, String prefix) {
        return end - start >= prefix.length() && text.startsWith(prefix, start);
    }

    private static int slot(long h, int row) {
        return (int) (Hashing.mix(h + row * 0x9E3779B97F4A7C15L) >>> (64 - WIDTH_BITS));
    }
}
