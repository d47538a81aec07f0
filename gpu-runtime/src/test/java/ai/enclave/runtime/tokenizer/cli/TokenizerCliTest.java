package ai.enclave.runtime.tokenizer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.enclave.runtime.chattemplate.ChatTemplate;
import ai.enclave.runtime.chattemplate.ModelChatFiles;
import ai.enclave.runtime.tokenizer.Tokenizer;
import ai.enclave.runtime.tokenizer.TokenizerException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tokenizer command line end to end: train a tokenizer, encode with it, report statistics. */
class TokenizerCliTest {
    private static final Path CORPUS = Path.of("src/test/resources/tokenizer/multilingual.txt");

    @TempDir
    Path dir;

    private String run(String... args) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TokenizerCli.run(args, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void train_writes_a_tokenizer_with_a_chat_template_and_stop_tokens() throws IOException {
        Path out = dir.resolve("tok");
        JsonNode summary = new ObjectMapper()
                .readTree(run("train", "--input", CORPUS.toString(), "--vocab-size", "500", "--out", out.toString()));
        assertThat(summary.get("vocab_size").asInt()).isEqualTo(500);

        Tokenizer tokenizer = Tokenizer.load(out);
        String text = "Hindi: भारत एक विशाल देश है। 世界 😀";
        assertThat(tokenizer.decode(tokenizer.encode(text), false)).isEqualTo(text);
        ChatTemplate template = ChatTemplate.load(out);
        assertThat(template.render(List.of(new ChatTemplate.Message("user", "Hi")), true))
                .isEqualTo("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n");
        assertThat(ModelChatFiles.stopTokenIds(out, tokenizer))
                .containsExactly(tokenizer.tokenId("<|im_end|>"), tokenizer.tokenId("<|endoftext|>"));
    }

    @Test
    void encode_prints_one_line_of_ids_per_input_line_and_stats_reports_per_script() throws IOException {
        Path out = dir.resolve("tok");
        run("train", "--input", CORPUS.toString(), "--vocab-size", "600", "--out", out.toString());
        Path text = dir.resolve("text.txt");
        Files.writeString(text, "hello world\n\nनमस्ते दुनिया\n");
        List<String> lines = run("encode", "--tokenizer", out.toString(), "--text", text.toString())
                .lines()
                .toList();
        Tokenizer tokenizer = Tokenizer.load(out);
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).matches("\\d+( \\d+)*");
        assertThat(lines.get(1)).isEmpty();
        int[] ids = java.util.Arrays.stream(lines.get(2).split(" "))
                .mapToInt(Integer::parseInt)
                .toArray();
        assertThat(tokenizer.decode(ids, false)).isEqualTo("नमस्ते दुनिया");

        JsonNode stats =
                new ObjectMapper().readTree(run("stats", "--tokenizer", out.toString(), "--text", text.toString()));
        long bytes = "hello world".length() + "नमस्ते दुनिया".getBytes(StandardCharsets.UTF_8).length;
        assertThat(stats.get("bytes").asLong()).isEqualTo(bytes);
        assertThat(stats.get("bytes_per_token").asDouble())
                .isEqualTo(Math.round(1000.0 * bytes / stats.get("tokens").asLong()) / 1000.0);
        assertThat(stats.get("scripts").get("devanagari").get("bytes").asLong()).isEqualTo(37);
        assertThat(stats.get("scripts").get("latin").get("bytes").asLong()).isEqualTo(11);
    }

    @Test
    void invalid_utf8_input_is_reported_with_file_byte_offset_and_line() throws IOException {
        Path out = dir.resolve("tok");
        run("train", "--input", CORPUS.toString(), "--vocab-size", "400", "--out", out.toString());
        Path text = dir.resolve("bad.txt");
        Files.write(text, new byte[] {'o', 'k', '\n', 'a', (byte) 0xC3, '(', '\n'});
        assertThatThrownBy(() -> run("encode", "--tokenizer", out.toString(), "--text", text.toString()))
                .isInstanceOf(TokenizerException.class)
                .hasMessage(text + ": invalid UTF-8 at byte 4 (line 2)");
        assertThatThrownBy(() -> run(
                        "train",
                        "--input",
                        text.toString(),
                        "--vocab-size",
                        "400",
                        "--out",
                        dir.resolve("x").toString()))
                .isInstanceOf(TokenizerException.class)
                .hasMessage(text + ": invalid UTF-8 at byte 4");
    }
}
