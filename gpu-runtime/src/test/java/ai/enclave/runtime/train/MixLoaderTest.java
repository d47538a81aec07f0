package ai.enclave.runtime.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mix schedule on shards written by the test where every token of window k of a source is
 * base + k, so the first input of a row tells which source and which window it came from.
 */
class MixLoaderTest {
    private static final int T = 3;
    private static final int VOCAB = 256;

    /** A source directory (as a snapshot: train/ and, when asked, val/) of `windows` windows of T+1 tokens. */
    private static Path source(Path dir, int base, int windows, boolean val) throws Exception {
        int[] ids = new int[windows * (T + 1)];
        for (int i = 0; i < ids.length; i++) ids[i] = base + i / (T + 1);
        TokenShard.write(Files.createDirectories(dir.resolve("train")).resolve("a.bin"), ids, null, VOCAB);
        if (val) TokenShard.write(Files.createDirectories(dir.resolve("val")).resolve("a.bin"), ids, null, VOCAB);
        return dir;
    }

    /** The first input id of each of the next n rows, read one row at a time. */
    private static int[] rows(MixLoader loader, int n) {
        int[] first = new int[n];
        int[] inputs = new int[T], targets = new int[T];
        for (int r = 0; r < n; r++) {
            loader.next(1, inputs, targets);
            first[r] = inputs[0];
        }
        return first;
    }

    @Test
    void each_sources_share_of_rows_stays_within_one_row_of_its_weight_at_every_point(@TempDir Path tmp)
            throws Exception {
        DataMix mix = new DataMix(List.of(
                new DataMix.Source(source(tmp.resolve("a"), 0, 50, false), 7),
                new DataMix.Source(source(tmp.resolve("b"), 100, 20, false), 3)));
        assertThat(mix.share(0)).isCloseTo(0.7, within(1e-12));
        try (MixLoader loader = MixLoader.train(mix, T, VOCAB, 1)) {
            int[] first = rows(loader, 1000);
            long fromA = 0;
            for (int n = 1; n <= 1000; n++) {
                if (first[n - 1] < 100) fromA++;
                assertThat(Math.abs(fromA - 0.7 * n)).as("after %d rows", n).isLessThan(1.0);
            }
            assertThat(fromA).isEqualTo(700);
            assertThat(loader.position()).extracting(MixLoader.Position::rows).containsExactly(700L, 300L);
            assertThat(loader.epochs()).containsExactly(700 / 50.0, 300 / 20.0);
        }
    }

    @Test
    void a_small_source_wraps_into_its_second_epoch_while_a_large_one_is_in_its_first(@TempDir Path tmp)
            throws Exception {
        DataMix mix = new DataMix(List.of(
                new DataMix.Source(source(tmp.resolve("small"), 0, 4, false), 1),
                new DataMix.Source(source(tmp.resolve("large"), 100, 50, false), 1)));
        try (MixLoader loader = MixLoader.train(mix, T, VOCAB, 9)) {
            int[] first = rows(loader, 12);
            List<Integer> small = new ArrayList<>(), large = new ArrayList<>();
            for (int id : first) (id < 100 ? small : large).add(id);
            assertThat(small).hasSize(6);
            // every window once in the first epoch, in a shuffled order, then the second epoch begins
            assertThat(small.subList(0, 4)).containsExactlyInAnyOrder(0, 1, 2, 3);
            assertThat(new HashSet<>(small.subList(4, 6))).hasSize(2);
            assertThat(new HashSet<>(large)).hasSize(6);
            assertThat(loader.position())
                    .containsExactly(new MixLoader.Position(1, 2, 6), new MixLoader.Position(0, 6, 6));
            assertThat(loader.epochs()).containsExactly(1.5, 6 / 50.0);
        }
    }

    @Test
    void a_loader_moved_to_a_saved_position_reads_the_same_rows_as_one_that_went_on(@TempDir Path tmp)
            throws Exception {
        DataMix mix = new DataMix(List.of(
                new DataMix.Source(source(tmp.resolve("a"), 0, 7, false), 2),
                new DataMix.Source(source(tmp.resolve("b"), 100, 30, false), 1),
                new DataMix.Source(source(tmp.resolve("c"), 200, 11, false), 1.5)));
        int[] straight, resumed;
        List<MixLoader.Position> saved;
        try (MixLoader loader = MixLoader.train(mix, T, VOCAB, 3)) {
            rows(loader, 37);
            saved = loader.position();
            straight = rows(loader, 80);
        }
        try (MixLoader loader = MixLoader.train(mix, T, VOCAB, 3)) {
            loader.seek(saved);
            resumed = rows(loader, 80);
        }
        assertThat(resumed).containsExactly(straight);
    }

    @Test
    void one_source_reads_exactly_what_its_data_loader_alone_reads(@TempDir Path tmp) throws Exception {
        Path dir = source(tmp.resolve("a"), 0, 9, false);
        int b = 4;
        int[] mixIn = new int[b * T], mixTg = new int[b * T], oneIn = new int[b * T], oneTg = new int[b * T];
        try (MixLoader mix = MixLoader.train(DataMix.of(dir), T, VOCAB, 1337);
                DataLoader one = new DataLoader(dir.resolve("train"), T, VOCAB, 1337, true)) {
            for (int batch = 0; batch < 7; batch++) {
                mix.next(b, mixIn, mixTg);
                for (int row = 0; row < b; row++) one.nextRow(row, oneIn, oneTg);
                assertThat(mixIn).containsExactly(oneIn);
                assertThat(mixTg).containsExactly(oneTg);
            }
        }
    }

    @Test
    void eval_reads_the_val_shards_of_the_sources_that_have_them_from_the_start_each_time(@TempDir Path tmp)
            throws Exception {
        DataMix mix = new DataMix(List.of(
                new DataMix.Source(source(tmp.resolve("a"), 0, 5, true), 1),
                new DataMix.Source(source(tmp.resolve("b"), 100, 5, false), 1),
                new DataMix.Source(source(tmp.resolve("c"), 200, 5, true), 3)));
        try (MixLoader eval = MixLoader.eval(mix, T, VOCAB).orElseThrow()) {
            assertThat(eval.sources()).isEqualTo(2);
            int[] first = rows(eval, 8);
            // unshuffled; a's share 1/4 and c's 3/4 (ties to the lower index): c a c c, c a c c
            assertThat(first).containsExactly(200, 0, 201, 202, 203, 1, 204, 200);
            eval.rewind();
            assertThat(rows(eval, 8)).containsExactly(first);
        }
        DataMix noVal = DataMix.of(source(tmp.resolve("d"), 0, 5, false));
        assertThat(MixLoader.eval(noVal, T, VOCAB)).isEmpty();
    }
}
