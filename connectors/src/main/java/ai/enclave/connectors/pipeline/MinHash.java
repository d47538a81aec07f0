package ai.enclave.connectors.pipeline;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;

/**
 * MinHash signatures of word-shingle sets (Broder 1997) and the LSH banding that finds candidate pairs
 * (Leskovec, Rajaraman, Ullman, Mining of Massive Datasets, ch. 3). Each of the k hash functions is
 * multiply-shift on the 64-bit shingle hash (a*x + b, top 32 bits), cheap enough to run k = 128 times
 * per shingle. Words are lower-cased runs of letters and digits, so punctuation and case edits do not
 * change shingles.
 */
public final class MinHash {
    final int permutations;
    final int shingleWords;
    private final long[] a;
    private final long[] b;

    public MinHash(int permutations, int shingleWords, long seed) {
        this.permutations = permutations;
        this.shingleWords = shingleWords;
        SplittableRandom r = new SplittableRandom(seed);
        a = new long[permutations];
        b = new long[permutations];
        for (int i = 0; i < permutations; i++) {
            a[i] = r.nextLong() | 1;
            b[i] = r.nextLong();
        }
    }

    public int[] signature(String text) {
        String[] words = text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+");
        int from = words.length > 0 && words[0].isEmpty() ? 1 : 0;
        long[] wordHash = new long[words.length - from];
        for (int i = from; i < words.length; i++) wordHash[i - from] = Hashing.hash(words[i]);
        int[] sig = new int[permutations];
        Arrays.fill(sig, Integer.MAX_VALUE);
        int shingles = Math.max(1, wordHash.length - shingleWords + 1);
        for (int s = 0; s < shingles; s++) {
            long h = 0;
            for (int j = s; j < Math.min(wordHash.length, s + shingleWords); j++) h = Hashing.mix(h * 31 + wordHash[j]);
            for (int i = 0; i < permutations; i++) {
                // unsigned compare via offset: the top 32 bits of a*x+b as an int in [MIN, MAX]
                int v = (int) ((a[i] * h + b[i]) >>> 32) ^ Integer.MIN_VALUE;
                if (v < sig[i]) sig[i] = v;
            }
        }
        return sig;
    }

    /** Fraction of equal positions: an unbiased estimate of the Jaccard similarity of the shingle sets. */
    public static double similarity(int[] x, int[] y) {
        int same = 0;
        for (int i = 0; i < x.length; i++) if (x[i] == y[i]) same++;
        return (double) same / x.length;
    }

    /**
     * Bands b and rows r (b*r <= permutations) minimising a weighted sum of the probability mass of
     * missed pairs above the threshold and candidate pairs below it, as datasketch's
     * {@code _optimal_param} does; misses weigh 0.7 because candidates are verified on the full signature
     * afterwards, so a false candidate costs only time.
     */
    public static int[] bandsAndRows(double threshold, int permutations) {
        double best = Double.MAX_VALUE;
        int[] result = {1, permutations};
        for (int bands = 1; bands <= permutations; bands++) {
            for (int rows = 1; rows * bands <= permutations; rows++) {
                int b = bands, r = rows;
                double fp = integrate(s -> 1 - Math.pow(1 - Math.pow(s, r), b), 0, threshold);
                double fn = integrate(s -> Math.pow(1 - Math.pow(s, r), b), threshold, 1);
                double err = 0.3 * fp + 0.7 * fn;
                if (err < best) {
                    best = err;
                    result = new int[] {bands, rows};
                }
            }
        }
        return result;
    }

    private static double integrate(DoubleUnaryOperator f, double lo, double hi) {
        int steps = 200;
        double h = (hi - lo) / steps, sum = 0.5 * (f.applyAsDouble(lo) + f.applyAsDouble(hi));
        for (int i = 1; i < steps; i++) sum += f.applyAsDouble(lo + i * h);
        return sum * h;
    }
}
