package ai.enclave.runtime.io;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.enclave.runtime.EngineException;
import ai.enclave.runtime.model.ModelConfig;
import ai.enclave.runtime.model.ParameterTensors;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BadInputTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/gpt2");

    private static Path copy(Path tmp) throws Exception {
        Files.copy(GOLDEN.resolve("config.json"), tmp.resolve("config.json"));
        Files.copy(
                GOLDEN.resolve("model.safetensors"),
                tmp.resolve("model.safetensors"),
                StandardCopyOption.REPLACE_EXISTING);
        return tmp;
    }

    private static void load(Path dir) {
        ModelConfig c = ModelFiles.readConfig(dir);
        try (Arena a = Arena.ofShared()) {
            ModelFiles.loadWeights(dir, new ParameterTensors(c, a));
        }
    }

    @Test
    void a_truncated_safetensors_file_is_refused_naming_the_file(@TempDir Path tmp) throws Exception {
        Path dir = copy(tmp);
        byte[] all = Files.readAllBytes(dir.resolve("model.safetensors"));
        Files.write(dir.resolve("model.safetensors"), java.util.Arrays.copyOf(all, all.length - 100));
        assertThatThrownBy(() -> load(dir))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("model.safetensors")
                .hasMessageContaining("truncated");
    }

    @Test
    void a_config_that_does_not_match_the_weights_names_the_tensor_and_shapes(@TempDir Path tmp) throws Exception {
        Path dir = copy(tmp);
        Files.writeString(
                dir.resolve("config.json"),
                Files.readString(dir.resolve("config.json")).replace("\"n_embd\": 32", "\"n_embd\": 16"));
        assertThatThrownBy(() -> load(dir))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("transformer.wte.weight")
                .hasMessageContaining("[64, 16]");
    }

    @Test
    void a_missing_tensor_is_named(@TempDir Path tmp) throws Exception {
        Path dir = copy(tmp);
        Files.writeString(
                dir.resolve("config.json"),
                Files.readString(dir.resolve("config.json")).replace("\"n_layer\": 2", "\"n_layer\": 3"));
        assertThatThrownBy(() -> load(dir))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("missing tensor 'transformer.h.2.ln_1.weight'");
    }

    @Test
    void an_unsupported_architecture_is_named(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("config.json"), "{\"model_type\": \"falcon\"}");
        assertThatThrownBy(() -> ModelFiles.readConfig(tmp))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("unsupported model_type 'falcon'");
    }
}
