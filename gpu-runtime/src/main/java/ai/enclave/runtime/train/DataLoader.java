package ai.enclave.runtime.train;

import ai.enclave.runtime.EngineException;
import ai.enclave.runtime.model.Rng;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Rows of T inputs and next-token targets from the token shards of one directory (files ending in
 * .bin, in name order). Data is cut into non-overlapping windows of T+1 tokens; each epoch visits all
 * windows in a permutation drawn from (seed, epoch), so the order is deterministic and the position
 * (epoch, cursor) is all a checkpoint needs. Targets whose loss mask is 0 become -1. Batches, and
 * mixes of several directories, are {@link MixLoader}'s.
 */
public final class DataLoader implements AutoCloseable {
    private final List<TokenShard> shards = new ArrayList<>();
    private final long[] windowStart; // global window index -> shard << 40 | start token
    private final int t;
    private final int vocabSize;
    private final long seed;
    private final boolean shuffle;
    private int[] order;
    private int epoch;
    private int cursor;

    public DataLoader(Path dir, int t, int vocabSize, long seed, boolean shuffle) {
        this.t = t;
        this.vocabSize = vocabSize;
        this.seed = seed;
        this.shuffle = shuffle;
        List<Path> files = shardFiles(dir);
        if (files.isEmpty()) throw new EngineException(dir + ": no token shards (*.bin)");
        List<Long> starts = new ArrayList<>();
        for (Path f : files) {
            TokenShard shard = new TokenShard(f);
            shards.add(shard);
            for (long s = 0; s + t + 1 <= shard.tokens; s += t + 1) starts.add(((long) (shards.size() - 1) << 40) | s);
        }
        if (starts.isEmpty())
            throw new EngineException(
                    dir + ": shards hold fewer than " + (t + 1) + " tokens, not one window of the sequence length");
        windowStart = starts.stream().mapToLong(Long::longValue).toArray();
        seek(0, 0);
    }

    /**
     * How many windows of T+1 tokens the shards of {@code dir} hold, without reading them: 0 when it
     * has no shards or they are too short (a small source may hold out too little for evaluation).
     */
    public static long windowsIn(Path dir, int t) {
        long windows = 0;
        for (Path f : shardFiles(dir)) {
            try (TokenShard shard = new TokenShard(f)) {
                windows += shard.tokens / (t + 1);
            }
        }
        return windows;
    }

    private static List<Path> shardFiles(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".bin"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new EngineException(dir + ": cannot list token shards (" + e.getMessage() + ")");
        }
    }

    public int windows() {
        return windowStart.length;
    }

    public int epoch() {
        return epoch;
    }

    public int cursor() {
        return cursor;
    }

    /** Moves to a saved position. */
    public void seek(int epoch, int cursor) {
        this.epoch = epoch;
        this.cursor = cursor;
        this.order = permutation(epoch);
    }

    private int[] permutation(int ep) {
        int[] p = new int[windowStart.length];
        for (int i = 0; i < p.length; i++) p[i] = i;
        if (!shuffle) return p;
        Rng rng = new Rng(seed * 1_000_003L + ep);
        for (int i = p.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int tmp = p[i];
            p[i] = p[j];
            p[j] = tmp;
        }
        return p;
    }

    /** Windows visited so far in epochs: 1.0 = every window once. */
    public double epochsDone() {
        return epoch + (double) cursor / windowStart.length;
    }

    /** Fills row `row` of inputs and targets ((B, T) each) with the next window, wrapping into the next epoch. */
    public void nextRow(int row, int[] inputs, int[] targets) {
        if (cursor == order.length) seek(epoch + 1, 0);
        long packed = windowStart[order[cursor++]];
        TokenShard shard = shards.get((int) (packed >>> 40));
        long start = packed & ((1L << 40) - 1);
        for (int i = 0; i <= t; i++) {
            int id = shard.token(start + i);
            if (id < 0 || id >= vocabSize) {
                throw new EngineException(shard.file + ": token id " + id + " at position " + (start + i)
                        + " is outside the vocabulary (size " + vocabSize + ")");
            }
            if (i < t) inputs[row * t + i] = id;
            if (i > 0) targets[row * t + i - 1] = shard.trained(start + i) ? id : -1;
        }
    }

    @Override
    public void close() {
        shards.forEach(TokenShard::close);
    }
}
