package ai.enclave.runtime.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.enclave.runtime.EngineException;
import ai.enclave.runtime.backend.CpuBackend;
import ai.enclave.runtime.model.ModelConfig;
import ai.enclave.runtime.model.ModelConfig.Family;
import ai.enclave.runtime.model.Rng;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResumeTest {
    private static final ModelConfig CONFIG =
            new ModelConfig(Family.LLAMA, 64, 32, 2, 4, 2, 48, 64, 1e-6f, 10000f, 0f, false);

    private static TrainConfig cfg() {
        return new TrainConfig(2, 16, 2, 6, 1e-2f, 1e-3f, 2, 0.1f, 0.9f, 0.95f, 1e-8f, 1f, 42, 1, 0, 1, 0);
    }

    private static Path data(Path dir) throws Exception {
        Path train = Files.createDirectories(dir.resolve("train"));
        Rng rng = new Rng(5);
        int[] ids = new int[2000];
        boolean[] mask = new boolean[ids.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = rng.nextInt(64);
            mask[i] = i % 7 != 0;
        }
        TokenShard.write(train.resolve("a.bin"), ids, mask, 64);
        return dir;
    }

    @Test
    void a_resumed_run_produces_the_same_losses_bit_for_bit(@TempDir Path tmp) throws Exception {
        Path data = data(tmp.resolve("data"));
        CpuBackend be = new CpuBackend(2);
        List<Float> straight = new ArrayList<>();
        try (Trainer t = new Trainer(be, CONFIG, null, data, tmp.resolve("a"), null, cfg(), false)) {
            t.run(Integer.MAX_VALUE, log -> straight.add(log.loss()));
        }
        List<Float> resumed = new ArrayList<>();
        try (Trainer t = new Trainer(be, CONFIG, null, data, tmp.resolve("b"), null, cfg(), false)) {
            t.run(3, log -> resumed.add(log.loss()));
            t.saveCheckpoint();
        }
        try (Trainer t = new Trainer(be, CONFIG, null, data, tmp.resolve("b"), null, cfg(), true)) {
            assertThat(t.step()).isEqualTo(3);
            t.run(Integer.MAX_VALUE, log -> resumed.add(log.loss()));
        }
        assertThat(resumed).hasSize(6);
        for (int i = 0; i < 6; i++)
            assertThat(Float.floatToIntBits(resumed.get(i)))
                    .as("step %d", i + 1)
                    .isEqualTo(Float.floatToIntBits(straight.get(i)));
        assertThat(straight).allMatch(Float::isFinite);
    }

    @Test
    void a_shard_with_a_token_outside_the_vocabulary_names_the_file_and_position(@TempDir Path tmp) throws Exception {
        Path train = Files.createDirectories(tmp.resolve("train"));
        int[] ids = new int[100];
        ids[10] = 999;
        TokenShard.write(train.resolve("bad.bin"), ids, null, 0);
        try (Trainer t = new Trainer(new CpuBackend(1), CONFIG, null, tmp, tmp.resolve("out"), null, cfg(), false)) {
            assertThatThrownBy(() -> t.run(1, log -> {}))
                    .isInstanceOf(EngineException.class)
                    .hasMessageContaining("bad.bin")
                    .hasMessageContaining("token id 999 at position 10");
        }
    }
}
