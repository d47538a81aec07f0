package ai.enclave.runtime.backend;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Benchmark, not a test: decode attention of config B (16 sequences, 8 layers, 8 heads of 64) through
 * {@link Backend#attentionDecode} against the unfused path (gemmBatched, causalSoftmaxForward,
 * gemmBatched; the fused call also appends the newest key and value) on the same backend, with a 128 MB pass between steps so that the cache comes from memory
 * as it does between the weights of a real step. Prints ms per step and the GB/s of K and V read. Run
 * from gpu-runtime/ with the test classpath: DecodeAttentionBench KEYS [THREADS]
 */
public final class DecodeAttentionBench {
    private static final int LAYERS = 8, SEQUENCES = 16, HEADS = 8, HS = 64, WIDTH = HEADS * HS, QKV = 3 * WIDTH;

    private static volatile float sink;

    public static void main(String[] args) {
        int keys = Integer.parseInt(args[0]);
        Backend be = Backends.create(args.length > 1 ? Integer.parseInt(args[1]) : 0); // 0: all cores
        try (Arena arena = Arena.ofShared()) {
            long cacheFloats = (long) LAYERS * SEQUENCES * keys * WIDTH;
            MemorySegment k = filled(arena, cacheFloats, 0.37), v = filled(arena, cacheFloats, 0.53);
            MemorySegment q = filled(arena, (long) SEQUENCES * QKV, 0.71);
            MemorySegment y = arena.allocate(4L * SEQUENCES * WIDTH, 64);
            MemorySegment att = arena.allocate(4L * SEQUENCES * HEADS * keys, 64);
            MemorySegment evict = arena.allocate(128L << 20, 64);
            int[] rows = new int[SEQUENCES], lengths = new int[SEQUENCES];
            long[] kv = new long[SEQUENCES];
            int entries = SEQUENCES * HEADS;
            long[] qOff = new long[entries], kvOff = new long[entries], attOff = new long[entries];
            long[] yOff = new long[entries];
            for (int s = 0; s < SEQUENCES; s++) {
                rows[s] = s;
                lengths[s] = keys;
            }
            float scale = (float) (1 / Math.sqrt(HS));
            for (int round = 0; round < 10; round++) {
                long fused = 0, unfused = 0;
                for (int step = 0; step < 20; step++) {
                    evict(evict);
                    long t0 = System.nanoTime();
                    for (int l = 0; l < LAYERS; l++) {
                        for (int s = 0; s < SEQUENCES; s++) kv[s] = ((long) l * SEQUENCES + s) * keys * WIDTH;
                        be.attentionDecode(
                                SEQUENCES, rows, lengths, q, QKV, k, v, kv, WIDTH, y, WIDTH, HEADS, HEADS, HS, scale,
                                null, null, att);
                    }
                    fused += System.nanoTime() - t0;
                    evict(evict);
                    t0 = System.nanoTime();
                    for (int l = 0; l < LAYERS; l++) {
                        for (int e = 0; e < entries; e++) {
                            int s = e / HEADS, h = e % HEADS;
                            qOff[e] = (long) s * QKV + (long) h * HS;
                            kvOff[e] = ((long) l * SEQUENCES + s) * keys * WIDTH + (long) h * HS;
                            attOff[e] = (long) e * keys;
                            yOff[e] = (long) s * WIDTH + (long) h * HS;
                        }
                        be.gemmBatched(
                                false, true, 1, keys, HS, scale, q, qOff, QKV, k, kvOff, WIDTH, 0f, att, attOff, keys,
                                entries);
                        be.causalSoftmaxForward(att, entries, 1, keys, keys - 1, null, HEADS);
                        be.gemmBatched(
                                false, false, 1, HS, keys, 1f, att, attOff, keys, v, kvOff, WIDTH, 0f, y, yOff, WIDTH,
                                entries);
                    }
                    unfused += System.nanoTime() - t0;
                }
                double gb = 2.0 * cacheFloats * 4 / 1e9;
                System.out.printf(
                        "%d keys: fused %.2f ms/step (%.1f GB/s), unfused %.2f ms/step (%.1f GB/s)%n",
                        keys, fused / 20e6, gb / (fused / 20e9), unfused / 20e6, gb / (unfused / 20e9));
            }
        }
    }

    private static MemorySegment filled(Arena arena, long floats, double step) {
        MemorySegment s = arena.allocate(floats * 4, 64);
        for (long i = 0; i < floats; i++) s.setAtIndex(JAVA_FLOAT, i, (float) Math.sin(i * step));
        return s;
    }

    /** Reads a buffer larger than the caches, as the weights of a step pass through them. */
    private static void evict(MemorySegment big) {
        float s = 0;
        for (long i = 0; i < big.byteSize(); i += 64) s += big.get(JAVA_FLOAT, i);
        sink = s;
    }
}
