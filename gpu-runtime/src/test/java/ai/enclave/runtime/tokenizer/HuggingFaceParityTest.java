package ai.enclave.runtime.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our tokenizer against the Hugging Face library on the multilingual corpus, for each model family
 * layout: identical ids for the whole text and for every line, identical text when decoding those ids
 * and random id sequences (which include broken UTF-8 byte runs).
 */
class HuggingFaceParityTest {
    @TempDir
    Path dir;

    private Path fixture(String family) throws IOException {
        return switch (family) {
            case "trained-bytelevel" -> TokenizerFixtures.trainedByteLevel(dir, 800);
            case "trained-sentencepiece" -> TokenizerFixtures.trainedSentencePiece(dir, 900);
            case "gpt2" -> TokenizerFixtures.gpt2(dir);
            case "llama3" -> TokenizerFixtures.llama3(dir);
            case "qwen2" -> TokenizerFixtures.qwen2(dir);
            case "mistral" -> TokenizerFixtures.mistral(dir);
            case "llama2-legacy" -> TokenizerFixtures.llama2Legacy(dir);
            default -> throw new IllegalArgumentException(family);
        };
    }

    private static List<String> samples() {
        String corpus = TokenizerFixtures.corpus();
        List<String> samples = new ArrayList<>(Arrays.asList(corpus.split("\n")));
        samples.add(corpus);
        samples.add("");
        samples.add(" ");
        samples.add("<|im_start|>user\nHi there<|im_end|>\n<|im_start|>assistant\n");
        samples.add("<s>[INST] Hello [/INST] Bonjour</s>");
        return samples;
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "trained-bytelevel",
                "trained-sentencepiece",
                "gpt2",
                "llama3",
                "qwen2",
                "mistral",
                "llama2-legacy"
            })
    void encodes_and_decodes_the_multilingual_corpus_exactly_like_hugging_face(String family) throws IOException {
        Path file = fixture(family);
        Tokenizer ours = Tokenizer.load(file);
        try (HfReference hf = new HfReference(file, true)) {
            for (String sample : samples()) {
                int[] expected = hf.encode(sample);
                assertThat(ours.encode(sample)).as("ids of %s", sample).containsExactly(expected);
                assertThat(ours.decode(expected, false))
                        .as("decode of %s", sample)
                        .isEqualTo(hf.decode(expected, false));
                assertThat(ours.decode(expected, true))
                        .as("decode skipping specials of %s", sample)
                        .isEqualTo(hf.decode(expected, true));
            }
            Random random = new Random(42);
            for (int n = 0; n < 300; n++) {
                int[] ids =
                        random.ints(1 + random.nextInt(12), 0, ours.vocabSize()).toArray();
                assertThat(ours.decode(ids, false))
                        .as("decode of %s", Arrays.toString(ids))
                        .isEqualTo(hf.decode(ids, false));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama3", "mistral"})
    void leaves_out_the_template_special_tokens_when_asked_to(String family) throws IOException {
        Path file = fixture(family);
        Tokenizer ours = Tokenizer.load(file);
        try (HfReference hf = new HfReference(file, false)) {
            for (String sample : samples()) {
                assertThat(ours.encode(sample, false)).as("ids of %s", sample).containsExactly(hf.encode(sample));
            }
        }
    }
}
