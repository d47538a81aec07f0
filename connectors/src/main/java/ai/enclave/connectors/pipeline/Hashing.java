package ai.enclave.connectors.pipeline;

/**
 * 64-bit string hashing for sketches, line tables and shingles. Chars are packed four to a 64-bit
 * block, each block is folded in with one rotate, xor and multiply (FxHash's step), and a SplitMix64
 * finish gives well-mixed low bits. The multiply's latency bounds a hash loop, and every line and word
 * of the corpus is hashed several times over, so one multiply per four chars instead of FNV-1a's one
 * per char is worth the packing.
 *
 * <p>Loops that lower-case a word as they scan it build the blocks themselves, with the same result as
 * {@link #hash} of the lower-cased word:
 *
 * <pre>{@code
 * long h = Hashing.SEED, block = 0; int shift = 0;
 * for each char c: block |= (long) c << shift; if ((shift += 16) == 64) { h = Hashing.step(h, block); block = 0; shift = 0; }
 * long hash = Hashing.finish(h, block, shift);
 * }</pre>
 */
final class Hashing {
    private Hashing() {}

    static final long SEED = 0x9e3779b97f4a7c15L;
    private static final long MULTIPLIER = 0x517cc1b727220a95L;
    /** The start of an FNV-1a hash ({@link #fnvStep}). */
    static final long FNV_OFFSET = 0xcbf29ce484222325L;

    static long hash(CharSequence s) {
        return hash(s, 0, s.length());
    }

    /** {@link #hash(CharSequence)} of {@code s[start, end)}, without a substring. */
    static long hash(CharSequence s, int start, int end) {
        long h = SEED;
        int i = start;
        for (; i + 4 <= end; i += 4) {
            h = step(
                    h,
                    s.charAt(i)
                            | (long) s.charAt(i + 1) << 16
                            | (long) s.charAt(i + 2) << 32
                            | (long) s.charAt(i + 3) << 48);
        }
        long tail = 0;
        int shift = 0;
        for (; i < end; i++, shift += 16) tail |= (long) s.charAt(i) << shift;
        return finish(h, tail, shift);
    }

    /** Folds in four packed chars (the first in the low 16 bits). */
    static long step(long h, long block) {
        return (Long.rotateLeft(h, 26) ^ block) * MULTIPLIER;
    }

    /**
     * The hash after the last, partly filled block of {@code shift / 16} chars (0 to 3); its size is
     * folded in too, so trailing NUL chars still change the hash.
     */
    static long finish(long h, long tail, int shift) {
        return mix(step(h, tail) ^ shift);
    }

    /**
     * One char of FNV-1a, for MinHash's word loop: there the per-char scan costs more than the
     * multiply's latency, and packing chars into blocks measured slower.
     */
    static long fnvStep(long h, char c) {
        return (h ^ c) * 0x100000001b3L;
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
