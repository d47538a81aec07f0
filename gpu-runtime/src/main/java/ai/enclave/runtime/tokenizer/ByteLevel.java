package ai.enclave.runtime.tokenizer;

/**
 * GPT-2's byte-to-character table: every byte 0..255 gets a printable character, so byte-level
 * vocabularies are written as ordinary strings in tokenizer.json. Printable Latin-1 bytes map to
 * themselves, the other 68 to U+0100 onwards, in the order GPT-2's {@code bytes_to_unicode} uses.
 */
public final class ByteLevel {
    private static final char[] BYTE_TO_CHAR = new char[256];
    private static final int[] CHAR_TO_BYTE = new int[0x200];

    static {
        java.util.Arrays.fill(CHAR_TO_BYTE, -1);
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            char c = (char) (printable ? b : next++);
            BYTE_TO_CHAR[b] = c;
            CHAR_TO_BYTE[c] = b;
        }
    }

    private ByteLevel() {}

    public static char charOf(int unsignedByte) {
        return BYTE_TO_CHAR[unsignedByte];
    }

    /** The byte a table character stands for, or -1 for characters outside the table. */
    public static int byteOf(char c) {
        return c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : -1;
    }

    /** The UTF-8 bytes of {@code text}, each written as its table character. */
    public static String encode(String text) {
        return encode(text, 0, text.length());
    }

    /** The UTF-8 bytes of {@code text[start, end)}, each written as its table character. */
    public static String encode(String text, int start, int end) {
        char[] out = new char[maxEncodedLength(start, end)];
        return new String(out, 0, encode(text, start, end, out));
    }

    /** Room {@link #encode(String, int, int, char[])} needs: a surrogate pair is 2 chars and 4 bytes. */
    static int maxEncodedLength(int start, int end) {
        return 3 * (end - start);
    }

    /**
     * Writes the table characters of the UTF-8 bytes of {@code text[start, end)} to {@code out} and
     * returns how many: encoded here rather than through getBytes, so no byte array is built per word.
     * A lone surrogate becomes '?', as String.getBytes(UTF_8) writes it.
     */
    static int encode(String text, int start, int end, char[] out) {
        int n = 0;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                out[n++] = BYTE_TO_CHAR[c];
            } else if (c < 0x800) {
                out[n++] = BYTE_TO_CHAR[0xC0 | (c >> 6)];
                out[n++] = BYTE_TO_CHAR[0x80 | (c & 0x3F)];
            } else if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(text.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, text.charAt(++i));
                out[n++] = BYTE_TO_CHAR[0xF0 | (cp >> 18)];
                out[n++] = BYTE_TO_CHAR[0x80 | ((cp >> 12) & 0x3F)];
                out[n++] = BYTE_TO_CHAR[0x80 | ((cp >> 6) & 0x3F)];
                out[n++] = BYTE_TO_CHAR[0x80 | (cp & 0x3F)];
            } else if (Character.isSurrogate(c)) {
                out[n++] = BYTE_TO_CHAR['?'];
            } else {
                out[n++] = BYTE_TO_CHAR[0xE0 | (c >> 12)];
                out[n++] = BYTE_TO_CHAR[0x80 | ((c >> 6) & 0x3F)];
                out[n++] = BYTE_TO_CHAR[0x80 | (c & 0x3F)];
            }
        }
        return n;
    }
}
