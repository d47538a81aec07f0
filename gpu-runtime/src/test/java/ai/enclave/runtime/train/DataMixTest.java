package ai.enclave.runtime.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.enclave.runtime.EngineException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataMixTest {

    private static Path snapshot(Path dir, String tokenizerSha256) throws Exception {
        Files.createDirectories(dir.resolve("train"));
        Files.writeString(
                dir.resolve("manifest.json"),
                "{\"format\":1,\"tokenizer\":{\"name\":\"t\",\"sha256\":\"" + tokenizerSha256 + "\"}}");
        return dir;
    }

    @Test
    void a_data_option_is_a_directory_with_an_optional_weight_after_the_last_at_sign() {
        assertThat(DataMix.Source.parse("/data/a")).isEqualTo(new DataMix.Source(Path.of("/data/a"), 1));
        assertThat(DataMix.Source.parse("/data/a@0.25")).isEqualTo(new DataMix.Source(Path.of("/data/a"), 0.25));
        assertThat(DataMix.Source.parse("/data/x@y@3")).isEqualTo(new DataMix.Source(Path.of("/data/x@y"), 3));
    }

    @Test
    void weights_are_normalised_to_shares(@TempDir Path tmp) {
        DataMix mix = new DataMix(List.of(
                new DataMix.Source(tmp.resolve("a"), 7),
                new DataMix.Source(tmp.resolve("b"), 2),
                new DataMix.Source(tmp.resolve("c"), 1)));
        assertThat(mix.share(0)).isCloseTo(0.7, within(1e-12));
        assertThat(mix.share(1)).isCloseTo(0.2, within(1e-12));
        assertThat(mix.share(2)).isCloseTo(0.1, within(1e-12));
    }

    @Test
    void zero_negative_and_non_numeric_weights_are_refused_naming_the_value() {
        assertThatThrownBy(() -> DataMix.Source.parse("/data/a@0"))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("/data/a")
                .hasMessageContaining("got 0.0");
        assertThatThrownBy(() -> DataMix.Source.parse("/data/a@-2"))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("got -2.0");
        assertThatThrownBy(() -> DataMix.Source.parse("/data/a@heavy"))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("weight 'heavy' is not a number");
        assertThatThrownBy(() -> DataMix.Source.parse("/data/a@NaN"))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("got NaN");
        assertThatThrownBy(() -> DataMix.Source.parse("/data/a@Infinity"))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("got Infinity");
    }

    @Test
    void a_directory_given_twice_is_refused(@TempDir Path tmp) {
        assertThatThrownBy(() -> new DataMix(
                        List.of(new DataMix.Source(tmp.resolve("a"), 1), new DataMix.Source(tmp.resolve("a/."), 2))))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("given twice");
    }

    @Test
    void a_mix_of_snapshots_tokenized_with_different_tokenizers_is_refused_naming_both(@TempDir Path tmp)
            throws Exception {
        Path a = snapshot(tmp.resolve("snap-a"), "aaaa");
        Path b = snapshot(tmp.resolve("snap-b"), "aaaa");
        Path c = snapshot(tmp.resolve("snap-c"), "cccc");
        assertThat(new DataMix(List.of(new DataMix.Source(a, 1), new DataMix.Source(b, 1))).size())
                .isEqualTo(2);
        assertThatThrownBy(() -> new DataMix(List.of(
                        new DataMix.Source(a, 1),
                        new DataMix.Source(tmp.resolve("plain"), 1),
                        new DataMix.Source(c, 1))))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("snap-a")
                .hasMessageContaining("snap-c")
                .hasMessageContaining("different tokenizers");
    }

    @Test
    void a_tokenizer_json_in_a_plain_directory_is_compared_with_a_manifests_hash(@TempDir Path tmp) throws Exception {
        Path plain = Files.createDirectories(tmp.resolve("plain"));
        byte[] json = "{\"model\":{}}".getBytes(StandardCharsets.UTF_8);
        Files.write(plain.resolve("tokenizer.json"), json);
        // the data pipeline records the sha256 of the tokenizer.json bytes it encoded with
        String sha =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
        Path same = snapshot(tmp.resolve("same"), sha);
        Path other = snapshot(tmp.resolve("other"), "f".repeat(64));
        assertThat(new DataMix(List.of(new DataMix.Source(plain, 1), new DataMix.Source(same, 1))).size())
                .isEqualTo(2);
        assertThatThrownBy(() -> new DataMix(List.of(new DataMix.Source(plain, 1), new DataMix.Source(other, 1))))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("plain")
                .hasMessageContaining("other");
    }
}
