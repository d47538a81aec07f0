package ai.enclave.runtime.tokenizer.train;

import ai.enclave.runtime.tokenizer.Decoder;
import java.lang.Character.UnicodeScript;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Evens out how much of the vocabulary each writing system gets. BPE merges the most frequent pair, so
 * a script with little text (Hindi beside English and code, say) gets few merges and its words break
 * into many tokens. Every word's count is multiplied by {@code (chars of its script / chars of the
 * largest script) ^ (balance - 1)}: the largest script keeps its counts, a script with 1/20 of its text
 * counts about 1.6 times at balance 0.85. This is the exponent multilingual models sample their
 * languages with (XLM-R, mT5), applied to counts instead of sampled text, and per script because
 * that is what a word shows without a language detector. Words without letters (spaces, digits,
 * punctuation) keep their counts: they serve every script. Not here: which merges follow (BpeTrainer).
 */
final class ScriptBalance {
    private ScriptBalance() {}

    /** The counts to learn merges from; {@code counts} itself when the balance is 1. */
    static Map<String, long[]> reweigh(Map<String, long[]> counts, TrainerConfig config) {
        if (config.scriptBalance() == 1) return counts;
        // byte-level words are table characters: the tokenizer's own decoder gives their text
        Decoder text = config.style() == TrainerConfig.Style.BYTE_LEVEL ? new Decoder.ByteLevelDecoder() : null;
        Map<String, UnicodeScript> scripts = new HashMap<>(counts.size() * 2);
        Map<UnicodeScript, long[]> characters = new EnumMap<>(UnicodeScript.class);
        counts.forEach((word, count) -> {
            String plain = text == null ? word : text.decode(List.of(word)).getFirst();
            UnicodeScript script = scriptOf(plain);
            scripts.put(word, script);
            characters.computeIfAbsent(script, s -> new long[1])[0] +=
                    count[0] * plain.codePointCount(0, plain.length());
        });
        long largest = 1;
        for (Map.Entry<UnicodeScript, long[]> e : characters.entrySet()) {
            if (e.getKey() != UnicodeScript.COMMON) largest = Math.max(largest, e.getValue()[0]);
        }
        Map<UnicodeScript, Double> factors = new EnumMap<>(UnicodeScript.class);
        for (Map.Entry<UnicodeScript, long[]> e : characters.entrySet()) {
            double share = (double) e.getValue()[0] / largest;
            factors.put(
                    e.getKey(), e.getKey() == UnicodeScript.COMMON ? 1.0 : Math.pow(share, config.scriptBalance() - 1));
        }
        Map<String, long[]> out = new HashMap<>(counts.size() * 2);
        counts.forEach((word, count) ->
                out.put(word, new long[] {Math.round(count[0] * factors.get(scripts.get(word)))}));
        return out;
    }

    /** The script of a word's first letter; COMMON for a word without letters. */
    static UnicodeScript scriptOf(String text) {
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (Character.isLetter(cp)) return UnicodeScript.of(cp);
            i += Character.charCount(cp);
        }
        return UnicodeScript.COMMON;
    }
}
