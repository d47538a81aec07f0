package ai.enclave.connectors.pipeline;

import ai.enclave.connectors.spi.Document;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Drops a document whose MinHash-estimated Jaccard similarity to an earlier kept document reaches the
 * threshold. LSH bands give the candidates; each candidate is confirmed on the full signature, so the
 * banding only decides recall. Kept signatures are stored as their low 8 bits in one flat array (b-bit
 * MinHash, Li and König 2010: two different values agree by chance once in 256, which raises the
 * estimate by (1 - J) / 256, under 0.001 near the threshold) and the band index is one open-addressing
 * table of 32-bit keys, so a kept document costs one byte per permutation plus about 25 bytes per
 * band (about 0.5 KB at 128 permutations and 11 bands) and no objects but its id; a distributed run
 * would partition the band table. {@link #signature} is pure and may run ahead in
 * parallel; {@link #apply(Document, int[])} is stateful, not thread-safe.
 *
 * <p>For a resumable run the index is kept as a journal rather than saved whole at each checkpoint (it
 * reaches hundreds of MB): each kept document's id, band keys and stored signature bytes are appended to
 * {@link #journalTo} (about 210 bytes), and {@link #replay} inserts the first entries again in the same
 * order, which rebuilds the same tables (so the same candidate is found first as in an uninterrupted run).
 */
public final class NearDedup implements Stage {
    private final MinHash minHash;
    private final double threshold;
    private final int bands;
    private final int rows;
    private final int permutations;
    private byte[] signatures = new byte[1 << 16]; // kept document i: [i * permutations, (i + 1) * permutations)
    private final List<String> ids = new ArrayList<>();
    // band index: open addressing on (band key -> first entry); entries chain documents with the same key
    private int[] slotKey = new int[1 << 12]; // band key folded to 32 bits: a clash only adds a candidate
    private int[] slotEntry = new int[1 << 12]; // entry + 1; 0 = empty slot
    private int usedSlots;
    private int[] entryDoc = new int[1 << 12];
    private int[] entryNext = new int[1 << 12]; // entry + 1; 0 = end of chain
    private int entries;
    private DataOutput journal;

    public NearDedup(DedupConfig config) {
        this.minHash = new MinHash(config.permutations(), config.shingleWords(), 0x5EEDL);
        this.threshold = config.jaccardThreshold();
        this.permutations = config.permutations();
        int[] br = MinHash.bandsAndRows(threshold, config.permutations());
        this.bands = br[0];
        this.rows = br[1];
    }

    @Override
    public String name() {
        return "near-dedup";
    }

    @Override
    public boolean pure() {
        return false;
    }

    /** The document's MinHash signature: pure, thread-safe, the expensive part of this stage. */
    public int[] signature(Document document) {
        return minHash.signature(document.text());
    }

    @Override
    public Verdict apply(Document document) {
        return apply(document, signature(document));
    }

    /** The verdict for a document whose {@link #signature} is already computed. */
    public Verdict apply(Document document, int[] signature) {
        int[] keys = new int[bands];
        for (int band = 0; band < bands; band++) {
            long h = band;
            for (int r = band * rows; r < (band + 1) * rows; r++) h = Hashing.mix(h * 31 + signature[r]);
            keys[band] = (int) (h ^ (h >>> 32));
            for (int e = slotEntry[slot(keys[band])]; e != 0; e = entryNext[e - 1]) {
                int candidate = entryDoc[e - 1];
                double s = similarity(signature, candidate);
                if (s >= threshold) {
                    return Verdict.drop(
                            "near-duplicate", String.format(Locale.ROOT, "%.2f like %s", s, ids.get(candidate)));
                }
            }
        }
        byte[] stored = new byte[permutations];
        for (int i = 0; i < permutations; i++) stored[i] = (byte) signature[i];
        if (journal != null) {
            try {
                byte[] id = document.id().getBytes(StandardCharsets.UTF_8);
                journal.writeInt(id.length);
                journal.write(id);
                for (int key : keys) journal.writeInt(key);
                journal.write(stored);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        add(document.id(), keys, stored);
        return Verdict.keep(document);
    }

    /** Kept documents. */
    public int size() {
        return ids.size();
    }

    /** From now on every kept document's id, band keys and stored signature are appended to {@code out}. */
    public void journalTo(DataOutput out) {
        this.journal = out;
    }

    /** Adds the first {@code entries} kept documents of a journal written by {@link #journalTo}. */
    public void replay(DataInput in, int entries) throws IOException {
        int[] keys = new int[bands];
        for (int n = 0; n < entries; n++) {
            byte[] id = new byte[in.readInt()];
            in.readFully(id);
            for (int b = 0; b < bands; b++) keys[b] = in.readInt();
            byte[] stored = new byte[permutations];
            in.readFully(stored);
            add(new String(id, StandardCharsets.UTF_8), keys, stored);
        }
    }

    private void add(String id, int[] keys, byte[] stored) {
        int index = ids.size();
        ids.add(id);
        if ((long) (index + 1) * permutations > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("near dedup holds at most " + (Integer.MAX_VALUE / permutations)
                    + " kept documents in one run; split the sources or partition the run");
        }
        if ((index + 1) * permutations > signatures.length) {
            signatures = Arrays.copyOf(signatures, (int) Math.min(
                    Integer.MAX_VALUE - 8, Math.max(signatures.length * 2L, (long) (index + 1) * permutations)));
        }
        System.arraycopy(stored, 0, signatures, index * permutations, permutations);
        for (int key : keys) insert(key, index);
    }

    /** Fraction of positions where the signature's low 8 bits equal those of kept document {@code doc}. */
    private double similarity(int[] signature, int doc) {
        int same = 0, base = doc * permutations;
        for (int i = 0; i < permutations; i++) if ((byte) signature[i] == signatures[base + i]) same++;
        return (double) same / permutations;
    }

    /** The slot holding {@code key}, or the empty slot where it would go. */
    private int slot(int key) {
        int mask = slotKey.length - 1;
        int s = key & mask; // keys are already well mixed
        while (slotEntry[s] != 0 && slotKey[s] != key) s = (s + 1) & mask;
        return s;
    }

    private void insert(int key, int doc) {
        if (entries == entryDoc.length) {
            entryDoc = Arrays.copyOf(entryDoc, entries * 2);
            entryNext = Arrays.copyOf(entryNext, entries * 2);
        }
        int s = slot(key);
        entryDoc[entries] = doc;
        entryNext[entries] = slotEntry[s];
        if (slotEntry[s] == 0) usedSlots++;
        slotKey[s] = key;
        slotEntry[s] = ++entries;
        if (usedSlots * 4 > slotKey.length * 3) grow();
    }

    private void grow() {
        int[] oldKeys = slotKey;
        int[] oldEntries = slotEntry;
        slotKey = new int[oldKeys.length * 2];
        slotEntry = new int[oldKeys.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldEntries[i] == 0) continue;
            int s = slot(oldKeys[i]);
            slotKey[s] = oldKeys[i];
            slotEntry[s] = oldEntries[i];
        }
    }
}
