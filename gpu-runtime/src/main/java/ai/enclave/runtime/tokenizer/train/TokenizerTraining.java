package ai.enclave.runtime.tokenizer.train;

import ai.enclave.runtime.tokenizer.TokenizerJson;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Trains a tokenizer from text files into a model directory: streams and counts words, learns the
 * merges, writes tokenizer.json (and, through the caller, tokenizer_config.json).
 */
public final class TokenizerTraining {
    /** Distinct words kept while counting; about 100 bytes each, so about 1 GB at most. */
    public static final int MAX_WORDS = 10_000_000;

    private TokenizerTraining() {}

    public static BpeTrainer.Result train(List<Path> inputs, TrainerConfig config, Path tokenizerJson)
            throws IOException {
        WordCounter counter = new WordCounter(config, MAX_WORDS);
        counter.countFiles(inputs);
        return train(counter, config, tokenizerJson);
    }

    /** Learns the merges from words already counted (with {@code config}) and writes tokenizer.json. */
    public static BpeTrainer.Result train(WordCounter counter, TrainerConfig config, Path tokenizerJson)
            throws IOException {
        BpeTrainer.Result result = BpeTrainer.train(ScriptBalance.reweigh(counter.counts(), config), config);
        switch (config.style()) {
            case BYTE_LEVEL ->
                TokenizerJson.writeByteLevel(
                        tokenizerJson, result.vocab(), result.merges(), result.specials(), config.regex());
            case SENTENCEPIECE ->
                TokenizerJson.writeMetaspace(
                        tokenizerJson,
                        result.vocab(),
                        result.merges(),
                        result.specials(),
                        config.specialTokens().getFirst());
        }
        return result;
    }
}
