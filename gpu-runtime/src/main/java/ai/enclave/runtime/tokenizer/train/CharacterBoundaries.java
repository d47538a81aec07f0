package ai.enclave.runtime.tokenizer.train;

import ai.enclave.runtime.tokenizer.ByteLevel;
import java.util.List;

/**
 * Keeps byte-level merges on UTF-8 character boundaries: a token is either whole characters, or the
 * lead byte of one character with some of its continuation bytes (on its way to becoming that
 * character), or a single byte. Without it BPE spends vocabulary on tokens such as "the last byte
 * of one Devanagari letter plus the first of the next", which only ever serve inside one word.
 * Encoding stays exact: a merge only joins bytes that are whole characters or of one character, so
 * it applies to the same places at encode time as in training.
 */
final class CharacterBoundaries {
    /** Continuation bytes each token still needs to end on a character boundary. */
    private final byte[] missing;
    /** Whether the token is a lone continuation byte, which only a character's lead may absorb. */
    private final boolean[] continuation;

    private CharacterBoundaries(int vocabSize) {
        missing = new byte[vocabSize];
        continuation = new boolean[vocabSize];
    }

    /** Boundaries of the alphabet so far: the 256 byte characters, and special tokens (whole). */
    static CharacterBoundaries ofByteLevel(List<String> idToToken, int vocabSize) {
        CharacterBoundaries b = new CharacterBoundaries(Math.max(vocabSize, idToToken.size()));
        for (int id = 0; id < idToToken.size(); id++) {
            String token = idToToken.get(id);
            if (token.length() != 1) continue; // a special token: whole text, never inside a word
            int unsigned = ByteLevel.byteOf(token.charAt(0));
            b.continuation[id] = (unsigned & 0xC0) == 0x80;
            b.missing[id] = (byte)
                    switch (unsigned >> 4) {
                        case 0xC, 0xD -> 1;
                        case 0xE -> 2;
                        case 0xF -> 3;
                        default -> 0;
                    };
        }
        return b;
    }

    /** Whether {@code a b} may become a token. */
    boolean mayMerge(int a, int b) {
        if (continuation[a]) return false;
        if (missing[a] > 0) return continuation[b];
        return !continuation[b] && missing[b] == 0;
    }

    /** Records the shape of {@code merged}, the token {@code a b} became. */
    void merged(int a, int b, int merged) {
        missing[merged] = missing[a] > 0 ? (byte) (missing[a] - 1) : missing[b];
        continuation[merged] = false;
    }
}
