package ai.enclave.runtime.tokenizer.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Word counts evened out between writing systems before the merges are learned. */
class ScriptBalanceTest {
    private static Map<String, long[]> count(String text, double balance) {
        TrainerConfig config = new TrainerConfig(
                1000, 2, List.of(), TrainerConfig.DEFAULT_REGEX, TrainerConfig.Style.BYTE_LEVEL, balance);
        WordCounter counter = new WordCounter(config, 1000);
        counter.countText(text);
        return ScriptBalance.reweigh(counter.counts(), config);
    }

    private static long countOf(Map<String, long[]> counts, String word) {
        return counts.get(ai.enclave.runtime.tokenizer.ByteLevel.encode(word))[0];
    }

    @Test
    void a_script_with_less_text_counts_more_and_the_largest_keeps_its_counts() {
        // Latin: 100 x " house" = 600 characters; Devanagari: 20 x " घर" = 60 characters, 1/10 of it
        String text = " house".repeat(100) + " घर".repeat(20) + " 42".repeat(10);
        Map<String, long[]> balanced = count(text, 0.5);
        assertThat(countOf(balanced, " house")).isEqualTo(100);
        assertThat(countOf(balanced, " घर")).isEqualTo(Math.round(20 * Math.pow(0.1, -0.5)));
        // digits and punctuation serve every script: unchanged
        assertThat(countOf(balanced, "42")).isEqualTo(10);
    }

    @Test
    void balance_one_counts_every_word_as_it_is() {
        String text = " house".repeat(100) + " घर".repeat(20);
        assertThat(countOf(count(text, 1), " घर")).isEqualTo(20);
    }
}
