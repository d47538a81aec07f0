package ai.enclave.runtime.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Bpe's word cache: the same entry by String or by char range, through growth and emptying at its limit. */
class WordCacheTest {
    @Test
    void aWordIsFoundByItsStringAndByItsCharactersThroughGrowth() {
        WordCache cache = new WordCache(100_000);
        for (int i = 0; i < 5_000; i++) cache.put("w" + i, new int[] {i});
        for (int i = 0; i < 5_000; i++) {
            char[] chars = ("w" + i + "tail").toCharArray();
            assertThat(cache.get("w" + i)).containsExactly(i);
            assertThat(cache.get(chars, chars.length - 4)).containsExactly(i);
        }
        assertThat(cache.get("w5000")).isNull();
        assertThat(cache.get("w50tail".toCharArray(), 7)).isNull();
    }

    @Test
    void reachingTheLimitEmptiesTheCacheAndKeepsTheNewWord() {
        WordCache cache = new WordCache(3);
        cache.put("a", new int[] {1});
        cache.put("b", new int[] {2});
        cache.put("c", new int[] {3});
        cache.put("d", new int[] {4});
        assertThat(cache.get("a")).isNull();
        assertThat(cache.get(new char[] {'d'}, 1)).containsExactly(4);
    }
}
