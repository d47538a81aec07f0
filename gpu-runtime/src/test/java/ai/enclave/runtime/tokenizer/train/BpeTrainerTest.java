package ai.enclave.runtime.tokenizer.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.enclave.runtime.tokenizer.ByteLevel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * BPE training on counted words: vocabulary layout, merge order, stopping rules, character
 * boundaries, the default pre-tokenizer's words, bounded counting.
 */
class BpeTrainerTest {
    private static Map<String, long[]> count(String text, int maxWords) {
        WordCounter counter = new WordCounter(TrainerConfig.byteLevel(1000), maxWords);
        counter.countText(text);
        return counter.counts();
    }

    @Test
    void special_tokens_come_first_then_the_256_bytes_then_merges_most_frequent_pair_first() {
        BpeTrainer.Result result =
                BpeTrainer.train(count("low low low lower lowest", 100), TrainerConfig.byteLevel(262));
        assertThat(result.vocab()).hasSize(262);
        assertThat(result.vocab().get("<|endoftext|>")).isZero();
        assertThat(result.vocab().get("<|pad|>")).isEqualTo(3);
        assertThat(result.vocab().get("!")).isEqualTo(4 + '!');
        // the line-start space makes all five words start "Ġlow"; Ġ-l, l-o and o-w tie at 5, the pair
        // whose first id is smallest wins: Ġ (byte 32), then o (the new Ġl came after it)
        assertThat(result.merges().get(0)).containsExactly("Ġ", "l");
        assertThat(result.merges().get(1)).containsExactly("o", "w");
    }

    @Test
    void training_stops_when_no_pair_reaches_the_minimum_frequency() {
        TrainerConfig config =
                new TrainerConfig(5000, 3, List.of(), TrainerConfig.DEFAULT_REGEX, TrainerConfig.Style.BYTE_LEVEL, 1);
        BpeTrainer.Result result = BpeTrainer.train(count("abc abc abc xyz xyz", 100), config);
        // "Ġabc" 3 times, "Ġxyz" twice: only the pairs of "Ġabc" reach 3
        assertThat(result.merges()).extracting(m -> m[0] + m[1]).containsExactly("Ġa", "bc", "Ġabc");
    }

    @Test
    void byte_level_tokens_are_whole_characters_or_the_start_of_one() throws CharacterCodingException {
        String text = "сохранить файл сохранить настройки सत्यापन विफल सत्यापन टोकन 文件已保存 文件未保存 ".repeat(20);
        BpeTrainer.Result result = BpeTrainer.train(count(text, 1000), TrainerConfig.byteLevel(600));
        assertThat(result.merges()).hasSizeGreaterThan(40);
        for (String token : result.vocab().keySet()) {
            if (token.startsWith("<|")) continue;
            byte[] bytes = new byte[token.length()];
            for (int i = 0; i < bytes.length; i++) bytes[i] = (byte) ByteLevel.byteOf(token.charAt(i));
            int lead = bytes[0] & 0xFF;
            int charLength = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
            if (bytes.length == 1 || bytes.length < charLength) continue; // a byte, or a lead on its way
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)); // throws when cut mid-character
        }
        assertThat(result.vocab()).containsKey(ByteLevel.encode(" сохранить"));
    }

    @Test
    void punctuation_before_a_word_stays_with_the_word() {
        Map<String, long[]> counts = count("Press \"_Save\" (or self._name) now", 100);
        assertThat(counts.keySet())
                .containsExactlyInAnyOrder(
                        ByteLevel.encode(" Press"),
                        ByteLevel.encode(" \"_Save"),
                        ByteLevel.encode("\""),
                        ByteLevel.encode(" (or"),
                        ByteLevel.encode(" self"),
                        ByteLevel.encode("._name"),
                        ByteLevel.encode(")"),
                        ByteLevel.encode(" now"));
    }

    @Test
    void counting_a_file_line_by_line_gives_the_counts_of_the_whole_text(@TempDir Path dir) throws IOException {
        // (blank lines aside: counted line by line, a run of line breaks is one word per line)
        String text = "first line\n  indented line\nlast line\nno break at the end";
        Path file = dir.resolve("text.txt");
        Files.writeString(file, text);
        WordCounter byLine = new WordCounter(TrainerConfig.byteLevel(1000), 100);
        byLine.countFiles(List.of(file));
        Map<String, long[]> whole = count(text, 100);
        assertThat(byLine.counts().keySet()).isEqualTo(whole.keySet());
        whole.forEach(
                (word, n) -> assertThat(byLine.counts().get(word)).as(word).containsExactly(n));
    }

    @Test
    void the_word_table_stays_bounded_by_dropping_the_rarest_words() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 500; i++)
            text.append("common ").append("rare").append(i).append(' ');
        Map<String, long[]> counts = count(text.toString(), 50);
        assertThat(counts.size()).isLessThanOrEqualTo(50);
        assertThat(counts.get("Ġcommon")[0]).isGreaterThan(400);
    }
}
