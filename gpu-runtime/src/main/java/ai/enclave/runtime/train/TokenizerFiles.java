package ai.enclave.runtime.train;

import ai.enclave.runtime.EngineException;
import ai.enclave.runtime.chattemplate.ModelChatFiles;
import ai.enclave.runtime.model.ModelConfig;
import ai.enclave.runtime.tokenizer.Tokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The tokenizer a trained model carries next to its weights, so a checkpoint is self-contained and
 * loads in Hugging Face tools with its tokenizer: tokenizer.json always; the source's own
 * tokenizer_config.json and friends when it has them (a pretrained model keeps its template and stop
 * tokens); otherwise, for a tokenizer with the ChatML tokens our trainer reserves, the ChatML
 * template and stop tokens from {@link ModelChatFiles#write}. A tokenizer without either gets no
 * chat files (it can still be used for plain text).
 */
public final class TokenizerFiles {
    private static final List<String> HF_FILES = List.of(
            "tokenizer_config.json", "generation_config.json", "special_tokens_map.json", "chat_template.jinja");

    private final Path source;
    private final Tokenizer tokenizer;

    private TokenizerFiles(Path source, Tokenizer tokenizer) {
        this.source = source;
        this.tokenizer = tokenizer;
    }

    /** Loads DIR/tokenizer.json and checks that its ids fit the model's vocabulary. */
    public static TokenizerFiles load(Path dir, ModelConfig config) throws IOException {
        if (!Files.isRegularFile(dir.resolve("tokenizer.json"))) throw new EngineException(dir + ": no tokenizer.json");
        Tokenizer tokenizer = Tokenizer.load(dir);
        if (tokenizer.vocabSize() > config.vocabSize())
            throw new EngineException(dir.resolve("tokenizer.json") + ": " + tokenizer.vocabSize()
                    + " tokens do not fit the model's vocab_size " + config.vocabSize());
        return new TokenizerFiles(dir, tokenizer);
    }

    public Path source() {
        return source;
    }

    /** Writes the files into a model directory (a checkpoint being assembled). */
    public void writeInto(Path modelDir) throws IOException {
        Files.createDirectories(modelDir);
        Files.copy(
                source.resolve("tokenizer.json"),
                modelDir.resolve("tokenizer.json"),
                StandardCopyOption.REPLACE_EXISTING);
        if (Files.isRegularFile(source.resolve("tokenizer_config.json"))) {
            for (String name : HF_FILES) {
                Path file = source.resolve(name);
                if (Files.isRegularFile(file))
                    Files.copy(file, modelDir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        } else if (tokenizer.tokenId(ModelChatFiles.END_OF_TURN) != null
                && tokenizer.tokenId(ModelChatFiles.END_OF_TEXT) != null) {
            ModelChatFiles.write(modelDir, tokenizer);
        }
    }
}
