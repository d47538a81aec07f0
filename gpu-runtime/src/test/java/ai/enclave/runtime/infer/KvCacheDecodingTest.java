package ai.enclave.runtime.infer;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.enclave.runtime.backend.Backend;
import ai.enclave.runtime.backend.CpuBackend;
import ai.enclave.runtime.io.ModelFiles;
import ai.enclave.runtime.model.ModelConfig;
import ai.enclave.runtime.model.ParameterTensors;
import ai.enclave.runtime.model.Rng;
import ai.enclave.runtime.model.Transformer;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The KV-cache path (prefill, then one token at a time, several sequences in one call) must give
 * the logits the training forward gives over the whole sequence, for every family (the golden
 * models: GPT-2 with learned positions, Llama with RoPE and grouped-query attention, MPT with ALiBi).
 */
class KvCacheDecodingTest {
    private static final double TOLERANCE = 1e-4;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"gpt2", "llama", "mpt"})
    void kv_cache_decoding_gives_the_logits_of_the_full_forward_pass(String family) {
        Path dir = Path.of("src/test/resources/golden", family);
        ModelConfig config = ModelFiles.readConfig(dir);
        Backend be = new CpuBackend(2);
        int t = 16, v = config.vocabSize(), prefix = 5;
        int[][] seqs = new int[2][t];
        Rng rng = new Rng(3);
        for (int[] s : seqs) for (int i = 0; i < t; i++) s[i] = rng.nextInt(v);
        try (Arena arena = Arena.ofShared()) {
            ParameterTensors params = new ParameterTensors(config, arena);
            ModelFiles.loadWeights(dir, params);
            Transformer full = new Transformer(config, be, params, 1, t, false, arena);
            float[][][] want = new float[2][][];
            for (int s = 0; s < 2; s++) {
                full.forward(seqs[s], null, 1, t);
                want[s] = new float[t][];
                for (int i = 0; i < t; i++)
                    want[s][i] = full.acts
                            .logits
                            .asSlice((long) i * v * 4, (long) v * 4)
                            .toArray(JAVA_FLOAT);
            }
            params.packForInference(be, arena);
            Decoder dec = new Decoder(config, be, params, 2, t, t, arena);
            // sequence 0 prefilled with 5 tokens; then one call decodes its next token while it prefills 2 tokens
            // of sequence 1 (a decode row and a prompt take different paths through attention); then they decode
            // side by side at different positions
            MemorySegment prefill = dec.forward(
                    java.util.Arrays.copyOf(seqs[0], prefix), new int[] {0}, new int[] {0}, new int[] {0, prefix}, 1);
            assertClose(family + " prefill of sequence 0", row(prefill, 0, v), want[0][prefix - 1]);
            MemorySegment mixed = dec.forward(
                    new int[] {seqs[0][prefix], seqs[1][0], seqs[1][1]},
                    new int[] {0, 1},
                    new int[] {prefix, 0},
                    new int[] {0, 1, 3},
                    2);
            assertClose(
                    family + " sequence 0 position " + prefix + " beside a prompt", row(mixed, 0, v), want[0][prefix]);
            assertClose(family + " prefill of sequence 1 beside a decode step", row(mixed, 1, v), want[1][1]);
            int[] pos = {prefix + 1, 2};
            while (pos[0] < t) {
                boolean both = pos[1] < t;
                int groups = both ? 2 : 1;
                int[] slots = both ? new int[] {0, 1} : new int[] {0};
                int[] tokens = both ? new int[] {seqs[0][pos[0]], seqs[1][pos[1]]} : new int[] {seqs[0][pos[0]]};
                int[] starts = both ? new int[] {pos[0], pos[1]} : new int[] {pos[0]};
                int[] groupStart = both ? new int[] {0, 1, 2} : new int[] {0, 1};
                MemorySegment logits = dec.forward(tokens, slots, starts, groupStart, groups);
                for (int g = 0; g < groups; g++) {
                    int s = slots[g];
                    assertClose(family + " sequence " + s + " position " + pos[s], row(logits, g, v), want[s][pos[s]]);
                    pos[s]++;
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"gpt2", "llama"})
    void weights_packed_for_inference_refuse_training_and_saving_and_unpacked_ones_refuse_decoding(String family)
            throws Exception {
        Path dir = Path.of("src/test/resources/golden", family);
        ModelConfig config = ModelFiles.readConfig(dir);
        Backend be = new CpuBackend(1);
        try (Arena arena = Arena.ofShared()) {
            ParameterTensors params = new ParameterTensors(config, arena);
            ModelFiles.loadWeights(dir, params);
            assertThatThrownBy(() -> new Decoder(config, be, params, 1, 4, 4, arena))
                    .hasMessageContaining("packed");
            params.packForInference(be, arena);
            assertThatThrownBy(() -> new Transformer(config, be, params, 1, 4, true, arena))
                    .hasMessageContaining("packed for inference");
            Path out = Files.createTempDirectory("packed");
            assertThatThrownBy(() -> ModelFiles.save(out, params)).hasMessageContaining("packed for inference");
            assertThat(out).isEmptyDirectory();
            Files.delete(out);
        }
    }

    private static float[] row(MemorySegment logits, int g, int v) {
        return logits.asSlice((long) g * v * 4, (long) v * 4).toArray(JAVA_FLOAT);
    }

    private static void assertClose(String what, float[] actual, float[] expected) {
        double maxDiff = 0, maxRef = 1e-30;
        for (int i = 0; i < actual.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(actual[i] - expected[i]));
            maxRef = Math.max(maxRef, Math.abs(expected[i]));
        }
        assertThat(maxDiff / maxRef).as(what).isLessThanOrEqualTo(TOLERANCE);
    }
}
