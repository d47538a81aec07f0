package ai.enclave.connectors.pipeline;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;

/**
 * MinHash signatures of word-shingle sets (Broder 1997) and the LSH banding that finds candidate pairs
 * (Leskovec, Rajaraman, Ullman, Mining of Massive Datasets, ch. 3). Each shingle is hashed once to 64
 * bits (FNV-1a words, SplitMix64-chained); the k hash functions are then derived from that one value
 * as 32-bit multiply-add permutations {@code a*x+b mod 2^32} (odd a), which the JIT turns into vector
 * instructions, so k = 128 costs a few nanoseconds per shingle instead of 128 64-bit products. Words
 * are lower-cased runs of letters and digits, so punctuation and case edits do not change shingles.
 */
public final class MinHash {
    final int permutations;
    final int shingleWords;
    private final int[] a;
    private final int[] b;

    public MinHash(int permutations, int shingleWords, long seed) {
        this.permutations = permutations;
        this.shingleWords = shingleWords;
        SplittableRandom r = new SplittableRandom(seed);
        a = new int[permutations];
        b = new int[permutations];
        for (int i = 0; i < permutations; i++) {
            a[i] = r.nextInt() | 1;
            b[i] = r.nextInt();
        }
    }

    public int[] signature(String text) {
        long[] shingles = shingleHashes(text, shingleWords);
        int[] sig = new int[permutations];
        Arrays.fill(sig, Integer.MAX_VALUE);
        // four shingles per sweep over the signature: a quarter of the loads and stores of sig
        int s = 0;
        for (; s + 4 <= shingles.length; s += 4) {
            int x0 = fold(shingles[s]),
                    x1 = fold(shingles[s + 1]),
                    x2 = fold(shingles[s + 2]),
                    x3 = fold(shingles[s + 3]);
            for (int i = 0; i < permutations; i++) {
                int ai = a[i], bi = b[i];
                int m = Math.min(Math.min(ai * x0 + bi, ai * x1 + bi), Math.min(ai * x2 + bi, ai * x3 + bi));
                sig[i] = Math.min(sig[i], m);
            }
        }
        for (; s < shingles.length; s++) {
            int x = fold(shingles[s]);
            for (int i = 0; i < permutations; i++) sig[i] = Math.min(sig[i], a[i] * x + b[i]);
        }
        return sig;
    }

    private static int fold(long h) {
        return (int) (h ^ (h >>> 32));
    }

    /**
     * One 64-bit hash per shingle ({@code k} consecutive words) of the text, in order, repeats included;
     * a text with fewer than {@code k} words is one shingle (of no words: hash 0). Words are maximal runs
     * of letters and digits, lower-cased code point by code point, hashed as they are scanned.
     */
    public static long[] shingleHashes(String text, int k) {
        long[] words = new long[16];
        int n = 0;
        long h = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); ) {
            char c = text.charAt(i);
            int lower;
            boolean wordChar;
            if (c < 128) { // most characters: no code point decoding, no tables
                i++;
                lower = c | 0x20; // lower case of an ASCII letter; digits have bit 5 already
                wordChar = (lower >= 'a' && lower <= 'z') || (c >= '0' && c <= '9');
            } else {
                int cp = text.codePointAt(i);
                i += Character.charCount(cp);
                wordChar = Chars.isLetterOrNumber(cp);
                lower = !wordChar
                        ? 0
                        : cp < Character.MIN_SUPPLEMENTARY_CODE_POINT ? Chars.lowerCase(c) : Character.toLowerCase(cp);
            }
            if (wordChar) {
                if (!inWord) {
                    h = Hashing.FNV_OFFSET;
                    inWord = true;
                }
                if (lower < Character.MIN_SUPPLEMENTARY_CODE_POINT) h = Hashing.fnvStep(h, (char) lower);
                else {
                    h = Hashing.fnvStep(h, Character.highSurrogate(lower));
                    h = Hashing.fnvStep(h, Character.lowSurrogate(lower));
                }
            } else if (inWord) {
                if (n == words.length) words = Arrays.copyOf(words, n * 2);
                words[n++] = Hashing.mix(h);
                inWord = false;
            }
        }
        if (inWord) {
            if (n == words.length) words = Arrays.copyOf(words, n + 1);
            words[n++] = Hashing.mix(h);
        }
        int shingles = Math.max(1, n - k + 1);
        long[] out = new long[shingles];
        for (int s = 0; s < shingles; s++) {
            long x = 0;
            for (int j = s; j < Math.min(n, s + k); j++) x = Hashing.mix(x * 31 + words[j]);
            out[s] = x;
        }
        return out;
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
