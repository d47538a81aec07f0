package ai.enclave.runtime.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.enclave.runtime.EngineException;
import ai.enclave.runtime.backend.CpuBackend;
import ai.enclave.runtime.model.ModelConfig;
import ai.enclave.runtime.model.ModelConfig.Family;
import ai.enclave.runtime.model.Rng;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResumeTest {
    private static final CpuBackend BE = new CpuBackend(2);
    private static final ModelConfig CONFIG =
            new ModelConfig(Family.LLAMA, 64, 32, 2, 4, 2, 48, 64, 1e-6f, 10000f, 0f, false);

    private static TrainConfig cfg() {
        return new TrainConfig(2, 16, 2, 6, 1e-2f, 1e-3f, 2, 0.1f, 0.9f, 0.95f, 1e-8f, 1f, 42, 1, 0, 1, 0);
    }

    private static Path data(Path dir) throws Exception {
        shard(dir.resolve("train"), 5, 2000);
        return dir;
    }

    /** One shard of random ids below 64 (every 7th token context only) in dir. */
    private static void shard(Path dir, long seed, int tokens) throws Exception {
        Rng rng = new Rng(seed);
        int[] ids = new int[tokens];
        boolean[] mask = new boolean[ids.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = rng.nextInt(64);
            mask[i] = i % 7 != 0;
        }
        TokenShard.write(Files.createDirectories(dir).resolve("a.bin"), ids, mask, 64);
    }

    /** The losses of every step of a run and its final weights. */
    private record Run(List<Float> losses, byte[] weights, double[] dataEpochs) {}

    private static Run straight(DataMix data, Path out) {
        List<Float> losses = new ArrayList<>();
        try (Trainer t = new Trainer(BE, CONFIG, null, data, out, null, cfg(), false)) {
            t.run(Integer.MAX_VALUE, log -> losses.add(log.loss()));
            return new Run(losses, t.model.params.memory.toArray(ValueLayout.JAVA_BYTE), t.dataEpochs());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops after 3 steps with a checkpoint, lets edit change it, then resumes to the end. */
    private static Run stoppedAndResumed(DataMix data, Path out, Consumer<Path> edit) throws Exception {
        List<Float> losses = new ArrayList<>();
        try (Trainer t = new Trainer(BE, CONFIG, null, data, out, null, cfg(), false)) {
            t.run(3, log -> losses.add(log.loss()));
            edit.accept(t.saveCheckpoint());
        }
        try (Trainer t = new Trainer(BE, CONFIG, null, data, out, null, cfg(), true)) {
            assertThat(t.step()).isEqualTo(3);
            t.run(Integer.MAX_VALUE, log -> losses.add(log.loss()));
            return new Run(losses, t.model.params.memory.toArray(ValueLayout.JAVA_BYTE), t.dataEpochs());
        }
    }

    private static void assertBitIdentical(Run resumed, Run straight) {
        assertThat(resumed.losses()).hasSize(6);
        for (int i = 0; i < 6; i++)
            assertThat(Float.floatToIntBits(resumed.losses().get(i)))
                    .as("step %d", i + 1)
                    .isEqualTo(Float.floatToIntBits(straight.losses().get(i)));
        assertThat(straight.losses()).allMatch(Float::isFinite);
        assertThat(resumed.weights()).as("final weights").isEqualTo(straight.weights());
        assertThat(resumed.dataEpochs()).containsExactly(straight.dataEpochs());
    }

    @Test
    void a_resumed_run_produces_the_same_losses_and_weights_bit_for_bit(@TempDir Path tmp) throws Exception {
        DataMix data = DataMix.of(data(tmp.resolve("data")));
        assertBitIdentical(
                stoppedAndResumed(data, tmp.resolve("b"), checkpoint -> {}), straight(data, tmp.resolve("a")));
    }

    @Test
    void a_checkpoint_from_before_mixes_with_only_data_epoch_and_cursor_resumes_bit_for_bit(@TempDir Path tmp)
            throws Exception {
        DataMix data = DataMix.of(data(tmp.resolve("data")));
        Run resumed = stoppedAndResumed(data, tmp.resolve("b"), checkpoint -> {
            try {
                Path file = checkpoint.resolve("trainer_state.json");
                ObjectNode state = (ObjectNode) new ObjectMapper().readTree(file.toFile());
                assertThat(state.has("data_epoch")).isTrue();
                state.remove("data_sources");
                new ObjectMapper().writeValue(file.toFile(), state);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        assertBitIdentical(resumed, straight(data, tmp.resolve("a")));
    }

    @Test
    void a_run_on_a_mix_resumed_from_a_checkpoint_gives_the_same_losses_and_weights_bit_for_bit(@TempDir Path tmp)
            throws Exception {
        Path large = data(tmp.resolve("large")); // 117 windows of 17 tokens
        Path small = tmp.resolve("small");
        shard(small, 6, 60); // 3 windows: 8 of the run's 24 rows (share 1/3) read it 2.67 times
        // uneven weights, so a schedule restarted from zero rows would pick other sources
        DataMix mix = new DataMix(List.of(new DataMix.Source(large, 2), new DataMix.Source(small, 1)));
        List<JsonNode> saved = new ArrayList<>();
        Run resumed = stoppedAndResumed(mix, tmp.resolve("b"), checkpoint -> {
            try {
                saved.add(new ObjectMapper()
                        .readTree(checkpoint.resolve("trainer_state.json").toFile()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        Run straight = straight(mix, tmp.resolve("a"));
        assertBitIdentical(resumed, straight);
        assertThat(straight.dataEpochs()).containsExactly(new double[] {16 / 117.0, 8 / 3.0}, within(1e-12));
        JsonNode sources = saved.get(0).get("data_sources");
        assertThat(sources).hasSize(2);
        assertThat(sources.get(0).get("rows").asLong()).isEqualTo(8);
        assertThat(sources.get(1).get("rows").asLong()).isEqualTo(4);
        assertThat(sources.get(1).get("epoch").asInt()).isEqualTo(1);
        assertThat(sources.get(1).get("cursor").asInt()).isEqualTo(1);
        assertThat(saved.get(0).has("data_epoch")).isFalse();
    }

    @Test
    void resuming_a_mix_with_other_weights_is_refused_naming_the_checkpoint(@TempDir Path tmp) throws Exception {
        Path large = data(tmp.resolve("large"));
        Path small = tmp.resolve("small");
        shard(small, 6, 100);
        stoppedAndResumed(
                new DataMix(List.of(new DataMix.Source(large, 1), new DataMix.Source(small, 1))),
                tmp.resolve("out"),
                checkpoint -> {});
        DataMix other = new DataMix(List.of(new DataMix.Source(large, 3), new DataMix.Source(small, 1)));
        assertThatThrownBy(() ->
                        new Trainer(new CpuBackend(1), CONFIG, null, other, tmp.resolve("out"), null, cfg(), true))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("checkpoint-00000006")
                .hasMessageContaining("share");
        assertThatThrownBy(() -> new Trainer(
                        new CpuBackend(1), CONFIG, null, DataMix.of(large), tmp.resolve("out"), null, cfg(), true))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("mix of 2 data sources, this run has 1");
    }

    @Test
    void eval_on_a_mix_reads_the_val_shards_of_every_source_that_has_them(@TempDir Path tmp) throws Exception {
        Path a = tmp.resolve("a"), b = tmp.resolve("b"), c = tmp.resolve("c"), d = tmp.resolve("d");
        shard(a.resolve("train"), 1, 500);
        shard(a.resolve("val"), 2, 500);
        shard(b.resolve("train"), 3, 500);
        // an empty val/, as a pipeline run that held out no document leaves it
        Files.createDirectories(b.resolve("val"));
        shard(d.resolve("train"), 6, 500);
        shard(d.resolve("val"), 7, 5); // shorter than one window
        shard(c.resolve("train"), 4, 500);
        shard(c.resolve("val"), 5, 500);
        float alone, withB, withC;
        try (Trainer t = new Trainer(BE, CONFIG, null, DataMix.of(a), tmp.resolve("o1"), null, cfg(), false)) {
            alone = t.evalLoss();
        }
        DataMix ab = new DataMix(List.of(new DataMix.Source(a, 1), new DataMix.Source(b, 1), new DataMix.Source(d, 1)));
        try (Trainer t = new Trainer(BE, CONFIG, null, ab, tmp.resolve("o2"), null, cfg(), false)) {
            withB = t.evalLoss();
        }
        DataMix ac = new DataMix(List.of(new DataMix.Source(a, 1), new DataMix.Source(c, 1)));
        try (Trainer t = new Trainer(BE, CONFIG, null, ac, tmp.resolve("o3"), null, cfg(), false)) {
            withC = t.evalLoss();
            assertThat(Float.floatToIntBits(t.evalLoss()))
                    .as("from the start each time")
                    .isEqualTo(Float.floatToIntBits(withC));
        }
        // same random init (the seed) in all three: b and d add no val rows, c does
        assertThat(Float.floatToIntBits(withB)).isEqualTo(Float.floatToIntBits(alone));
        assertThat(withC).isNotEqualTo(alone);
    }

    @Test
    void a_shard_with_a_token_outside_the_vocabulary_names_the_file_and_position(@TempDir Path tmp) throws Exception {
        Path train = Files.createDirectories(tmp.resolve("train"));
        int[] ids = new int[100];
        ids[10] = 999;
        TokenShard.write(train.resolve("bad.bin"), ids, null, 0);
        try (Trainer t =
                new Trainer(new CpuBackend(1), CONFIG, null, DataMix.of(tmp), tmp.resolve("out"), null, cfg(), false)) {
            assertThatThrownBy(() -> t.run(1, log -> {}))
                    .isInstanceOf(EngineException.class)
                    .hasMessageContaining("bad.bin")
                    .hasMessageContaining("token id 999 at position 10");
        }
    }
}
