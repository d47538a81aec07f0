package ai.enclave.runtime.tokenizer;

import java.util.Arrays;

/**
 * Turns generated ids into text as they arrive, for streaming a reply. A token may end in the middle
 * of a UTF-8 character (byte-level and byte-fallback tokens), so text is released only once it no
 * longer ends in U+FFFD; a few ids before the unreleased ones are decoded with them, because
 * decoders look at neighbours (SentencePiece's leading space, byte runs). The same scheme as Hugging
 * Face's text-generation-inference. Concatenating every piece, {@link #finish()} included, gives
 * {@code tokenizer.decode(ids, skipSpecialTokens)}. Not thread-safe: one per sequence.
 */
public final class TextDecoder {
    private final Tokenizer tokenizer;
    private final boolean skipSpecialTokens;
    private int[] ids = new int[64];
    private int count;
    private int prefixOffset; // decoding starts here, so the text up to readOffset is context only
    private int readOffset; // text of ids before this has been released

    public TextDecoder(Tokenizer tokenizer, boolean skipSpecialTokens) {
        this.tokenizer = tokenizer;
        this.skipSpecialTokens = skipSpecialTokens;
    }

    /** Adds one id; returns the text it completes, often "" while a character is still partial. */
    public String next(int id) {
        if (count == ids.length) ids = Arrays.copyOf(ids, count * 2);
        ids[count++] = id;
        String released = decode(prefixOffset, readOffset);
        String text = decode(prefixOffset, count);
        if (text.length() <= released.length() || text.endsWith("\uFFFD")) return "";
        prefixOffset = readOffset;
        readOffset = count;
        return text.substring(released.length());
    }

    /** The text still held back at the end of generation (an incomplete character decodes to U+FFFD). */
    public String finish() {
        String released = decode(prefixOffset, readOffset);
        String text = decode(prefixOffset, count);
        prefixOffset = readOffset = count;
        return text.length() > released.length() ? text.substring(released.length()) : "";
    }

    private String decode(int from, int to) {
        return from == to ? "" : tokenizer.decode(Arrays.copyOfRange(ids, from, to), skipSpecialTokens);
    }
}
