package ai.enclave.connectors.pipeline;

/** 64-bit string hashing for sketches and shingles (FNV-1a, then a SplitMix64 finish for good low bits). */
final class Hashing {
    private Hashing() {}

    static final long FNV_OFFSET = 0xcbf29ce484222325L;

    static long hash(CharSequence s) {
        return hash(s, 0, s.length());
    }

    /** {@link #hash(CharSequence)} of {@code s[start, end)}, without a substring. */
    static long hash(CharSequence s, int start, int end) {
        long h = FNV_OFFSET;
        for (int i = start; i < end; i++) h = fnvStep(h, s.charAt(i));
        return mix(h);
    }

    static long fnvStep(long h, char c) {
        return (h ^ c) * 0x100000001b3L;
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
