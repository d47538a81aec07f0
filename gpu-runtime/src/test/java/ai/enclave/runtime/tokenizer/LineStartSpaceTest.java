package ai.enclave.runtime.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The space trained byte-level tokenizers put before every line: a line's first word becomes the same
 * tokens as in mid-sentence, and every text still decodes back byte for byte, here and in Hugging Face.
 */
class LineStartSpaceTest {
    @TempDir
    static Path dir;

    static Path file;
    static Tokenizer tokenizer;

    @BeforeAll
    static void train() throws IOException {
        file = TokenizerFixtures.trainedByteLevel(dir, 800);
        tokenizer = Tokenizer.load(file);
    }

    private static final List<String> EDGES = List.of(
            "",
            " ",
            "\n",
            "\n\n",
            "word\n",
            "word\n word",
            "  indented\n    more\n",
            "\nafter a break",
            "one\n\n\ntwo\n \n",
            "中文\n文字",
            "line\r\nline\r\n\r\n",
            "<|im_start|>user\nHi<|im_end|>\n");

    @Test
    void every_text_decodes_back_byte_for_byte_and_as_hugging_face_encodes_it() throws IOException {
        try (HfReference hf = new HfReference(file, false)) {
            for (String text : EDGES) {
                int[] ids = tokenizer.encode(text, false);
                assertThat(ids).as("ids of [%s]", text).containsExactly(hf.encode(text));
                if (!text.contains("<|"))
                    assertThat(tokenizer.decode(ids, false)).isEqualTo(text);
                assertThat(tokenizer.decode(ids, false)).isEqualTo(hf.decode(ids, false));
            }
        }
    }

    @Test
    void the_one_pass_normalizer_gives_the_text_of_its_tokenizer_json_form() {
        Normalizer written = new Normalizer.Sequence(List.of(
                new Normalizer.Prepend(" "),
                new Normalizer.Replace(java.util.regex.Pattern.compile(TokenizerJson.LINE_BREAK_BEFORE_TEXT), "\n ")));
        assertThat(Normalizer.LineStartSpace.isWrittenForm(written)).isTrue();
        assertThat(tokenizer.normalizer()).isInstanceOf(Normalizer.LineStartSpace.class);
        java.util.Random random = new java.util.Random(7);
        String alphabet = "ab \n\r\t中";
        for (int n = 0; n < 2000; n++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(12); i > 0; i--)
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            assertThat(TokenizerJson.LINE_START_SPACE.normalize(text.toString()))
                    .as("[%s]", text)
                    .isEqualTo(written.normalize(text.toString()));
        }
    }

    @Test
    void the_first_word_of_a_line_is_the_same_tokens_as_in_mid_sentence() {
        int[] alone = tokenizer.encode("language", false);
        int[] afterWord = tokenizer.encode("the language", false);
        int[] afterBreak = tokenizer.encode("the\nlanguage", false);
        assertThat(Arrays.copyOfRange(afterWord, afterWord.length - alone.length, afterWord.length))
                .containsExactly(alone);
        assertThat(Arrays.copyOfRange(afterBreak, afterBreak.length - alone.length, afterBreak.length))
                .containsExactly(alone);
    }
}
