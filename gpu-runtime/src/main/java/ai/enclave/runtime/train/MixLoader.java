package ai.enclave.runtime.train;

import ai.enclave.runtime.EngineException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Batches of (B, T) inputs and targets from the sources of a {@link DataMix}. Every row comes from
 * one source, chosen by a deterministic schedule: the source whose count of rows lags its share
 * most, share*(rows+1) - taken, ties to the lower index, so at every point each source's count is
 * within a row of its share (a smooth weighted round robin, not a random draw, so it needs no
 * state beyond the counts). Each source is its own {@link DataLoader} with its own epochs and seeded
 * shuffle, so a small source starts its second epoch while a large one is still in its first. Its
 * position (per source epoch, cursor and rows taken) is all a checkpoint needs. One source behaves
 * exactly as its DataLoader alone, with the run's seed.
 */
public final class MixLoader implements AutoCloseable {

    /** Where one source stands: its DataLoader's epoch and cursor, and the rows taken from it. */
    public record Position(int epoch, int cursor, long rows) {}

    private final DataLoader[] loaders;
    private final double[] shares; // sum to 1
    private final long[] taken; // rows taken from each source
    private long rows; // rows taken from all

    private MixLoader(List<Path> dirs, double[] weights, int t, int vocabSize, long seed, boolean shuffle) {
        loaders = new DataLoader[dirs.size()];
        try {
            for (int i = 0; i < loaders.length; i++)
                loaders[i] = new DataLoader(dirs.get(i), t, vocabSize, sourceSeed(seed, i), shuffle);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        double total = 0;
        for (double w : weights) total += w;
        shares = new double[weights.length];
        for (int i = 0; i < shares.length; i++) shares[i] = weights[i] / total;
        taken = new long[loaders.length];
    }

    /** The training rows of every source, each shuffled by its own seed derived from the run's. */
    public static MixLoader train(DataMix mix, int t, int vocabSize, long seed) {
        List<Path> dirs = new ArrayList<>();
        double[] weights = new double[mix.size()];
        for (int i = 0; i < mix.size(); i++) {
            dirs.add(mix.trainDir(i));
            weights[i] = mix.share(i);
        }
        return new MixLoader(dirs, weights, t, vocabSize, seed, true);
    }

    /**
     * The held-out rows of the sources whose val/ shards hold at least one window, in mix order and
     * unshuffled, their weights renormalised among them; empty when no source has any (a small
     * source may hold out no document, or too few tokens for a window).
     */
    public static Optional<MixLoader> eval(DataMix mix, int t, int vocabSize) {
        List<Path> dirs = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        for (int i = 0; i < mix.size(); i++) {
            Optional<Path> val = mix.valDir(i);
            if (val.isEmpty() || DataLoader.windowsIn(val.get(), t) == 0) continue;
            dirs.add(val.get());
            weights.add(mix.share(i));
        }
        if (dirs.isEmpty()) return Optional.empty();
        double[] w = weights.stream().mapToDouble(Double::doubleValue).toArray();
        return Optional.of(new MixLoader(dirs, w, t, vocabSize, 0, false));
    }

    /** Source 0 keeps the run's seed (a one-source run reads what it always read); others get their own. */
    private static long sourceSeed(long seed, int source) {
        return seed + source * 0x9E3779B97F4A7C15L;
    }

    public int sources() {
        return loaders.length;
    }

    /** Windows of T+1 tokens in source i (rows in one of its epochs). */
    public int windows(int source) {
        return loaders[source].windows();
    }

    /** Windows in all sources together. */
    public long windows() {
        long sum = 0;
        for (DataLoader l : loaders) sum += l.windows();
        return sum;
    }

    /** Per source, the fraction of its windows read so far: 1.0 = one epoch, 2.5 = halfway through the third. */
    public double[] epochs() {
        double[] e = new double[loaders.length];
        for (int i = 0; i < e.length; i++) e[i] = loaders[i].epochsDone();
        return e;
    }

    public List<Position> position() {
        List<Position> p = new ArrayList<>();
        for (int i = 0; i < loaders.length; i++) p.add(new Position(loaders[i].epoch(), loaders[i].cursor(), taken[i]));
        return p;
    }

    /** Moves every source to a saved position. */
    public void seek(List<Position> positions) {
        if (positions.size() != loaders.length)
            throw new EngineException(
                    "data position has " + positions.size() + " sources, the mix has " + loaders.length);
        rows = 0;
        for (int i = 0; i < loaders.length; i++) {
            Position p = positions.get(i);
            loaders[i].seek(p.epoch(), p.cursor());
            taken[i] = p.rows();
            rows += p.rows();
        }
    }

    /** Back to the start of every source (eval reads the same rows each time). */
    public void rewind() {
        List<Position> start = new ArrayList<>();
        for (int i = 0; i < loaders.length; i++) start.add(new Position(0, 0, 0));
        seek(start);
    }

    /** Fills inputs and targets (B*T each) with the next B rows, each from the source the schedule picks. */
    public void next(int b, int[] inputs, int[] targets) {
        for (int row = 0; row < b; row++) {
            int source = pick();
            loaders[source].nextRow(row, inputs, targets);
            taken[source]++;
            rows++;
        }
    }

    /** The source whose rows lag its share the most after this row, ties to the lower index. */
    private int pick() {
        int best = 0;
        double bestDeficit = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < loaders.length; i++) {
            double deficit = shares[i] * (rows + 1) - taken[i];
            if (deficit > bestDeficit) {
                best = i;
                bestDeficit = deficit;
            }
        }
        return best;
    }

    @Override
    public void close() {
        for (DataLoader l : loaders) if (l != null) l.close();
    }
}
