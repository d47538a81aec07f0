package ai.enclave.runtime.tokenizer;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken or unsupported tokenizer.json files fail with one message naming the file and the JSON path. */
class BadInputTest {
    @TempDir
    Path dir;

    private Path edited(TokenizerFixtures.Edit edit) throws IOException {
        return TokenizerFixtures.rewrite(
                TokenizerFixtures.trainedByteLevel(dir, 400), dir.resolve("edited/tokenizer.json"), edit);
    }

    @Test
    void malformed_json_names_the_file_line_and_column() throws IOException {
        Path file = dir.resolve("tokenizer.json");
        Files.writeString(file, "{\"model\": {\"type\": \"BPE\",\n  \"vocab\": {\"a\": 0,}");
        assertThatThrownBy(() -> Tokenizer.load(file))
                .isInstanceOf(TokenizerException.class)
                .hasMessageStartingWith(file + ": malformed JSON at line 2, column");
    }

    @Test
    void an_unknown_model_type_is_named_with_the_supported_ones() throws IOException {
        Path file = edited(
                root -> ((com.fasterxml.jackson.databind.node.ObjectNode) root.get("model")).put("type", "Unigram"));
        assertThatThrownBy(() -> Tokenizer.load(file))
                .hasMessage(file + ": model.type: unsupported model type 'Unigram' (supported: BPE)");
    }

    @Test
    void an_unknown_pre_tokenizer_is_named_with_its_path() throws IOException {
        Path file = edited(root -> ((com.fasterxml.jackson.databind.node.ObjectNode)
                        root.get("pre_tokenizer").get("pretokenizers").get(1))
                .put("type", "BertPreTokenizer"));
        assertThatThrownBy(() -> Tokenizer.load(file))
                .hasMessageStartingWith(
                        file + ": pre_tokenizer.pretokenizers[1].type: unsupported pre-tokenizer 'BertPreTokenizer'");
    }

    @Test
    void an_invalid_split_regex_is_named_with_its_path() throws IOException {
        Path file = edited(root -> ((com.fasterxml.jackson.databind.node.ObjectNode)
                        root.get("pre_tokenizer").get("pretokenizers").get(0).get("pattern"))
                .put("Regex", "(unclosed"));
        assertThatThrownBy(() -> Tokenizer.load(file))
                .hasMessageStartingWith(file + ": pre_tokenizer.pretokenizers[0].pattern.Regex: invalid regex");
    }

    @Test
    void a_merge_of_tokens_missing_from_the_vocab_is_named_by_index() throws IOException {
        Path file = edited(root -> ((com.fasterxml.jackson.databind.node.ArrayNode)
                        root.get("model").get("merges"))
                .insertArray(0)
                .add("nope")
                .add("zzz"));
        assertThatThrownBy(() -> Tokenizer.load(file))
                .hasMessage(file + ": model.merges[0]: \"nope zzz\" uses a token that is not in model.vocab");
    }

    @Test
    void a_missing_vocab_is_named() throws IOException {
        Path file =
                edited(root -> ((com.fasterxml.jackson.databind.node.ObjectNode) root.get("model")).remove("vocab"));
        assertThatThrownBy(() -> Tokenizer.load(file)).hasMessage(file + ": model.vocab: missing");
    }
}
