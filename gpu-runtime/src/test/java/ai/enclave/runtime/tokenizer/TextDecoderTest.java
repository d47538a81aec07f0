package ai.enclave.runtime.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streaming decode one id at a time with small trained vocabularies, where characters outside the
 * few merges are split into byte tokens: no piece ever holds a replacement character, and the pieces
 * join to exactly the text of decoding all ids at once.
 */
class TextDecoderTest {
    // German, Chinese, Hindi, an emoji with a ZWJ sequence: 2, 3 and 4-byte characters
    private static final String TEXT = "Grüße aus Köln! 你好，世界。 नमस्ते 👩‍💻 ꙮ𝔘 done <|im_end|>";

    @TempDir
    Path tmp;

    @Test
    void pieces_never_hold_a_replacement_character_and_join_to_the_full_decode_byte_level() throws Exception {
        assertStreams(Tokenizer.load(TokenizerFixtures.trainedByteLevel(tmp, 300)));
    }

    @Test
    void pieces_never_hold_a_replacement_character_and_join_to_the_full_decode_sentencepiece_byte_fallback()
            throws Exception {
        assertStreams(Tokenizer.load(TokenizerFixtures.trainedSentencePiece(tmp, 700)));
    }

    private static void assertStreams(Tokenizer tokenizer) {
        int[] ids = tokenizer.encode(TEXT, false);
        assertThat(Arrays.stream(ids).mapToObj(id -> tokenizer.decode(new int[] {id}, true)))
                .as("some token ends inside a character, so the case is exercised")
                .anyMatch(t -> t.contains("\uFFFD"));
        for (boolean skipSpecial : new boolean[] {true, false}) {
            TextDecoder decoder = new TextDecoder(tokenizer, skipSpecial);
            List<String> pieces = new ArrayList<>();
            for (int id : ids) pieces.add(decoder.next(id));
            pieces.add(decoder.finish());
            assertThat(pieces).noneMatch(p -> p.contains("\uFFFD"));
            assertThat(String.join("", pieces)).isEqualTo(tokenizer.decode(ids, skipSpecial));
        }
    }

    @Test
    void an_unfinished_character_at_the_end_is_released_by_finish_as_the_full_decode_shows_it() throws Exception {
        Tokenizer tokenizer = Tokenizer.load(TokenizerFixtures.trainedByteLevel(tmp, 300));
        int[] ids = tokenizer.encode("ab 👩", false);
        int[] cut = Arrays.copyOf(ids, ids.length - 1); // the emoji's last byte token is missing
        TextDecoder decoder = new TextDecoder(tokenizer, true);
        StringBuilder streamed = new StringBuilder();
        for (int id : cut) streamed.append(decoder.next(id));
        assertThat(streamed.toString()).doesNotContain("\uFFFD");
        streamed.append(decoder.finish());
        assertThat(streamed.toString()).isEqualTo(tokenizer.decode(cut, true)).endsWith("\uFFFD");
    }
}
