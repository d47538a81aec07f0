package ai.enclave.runtime.tokenizer;

import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code decoder} section of tokenizer.json: turns the tokens of ids back into text, token list
 * in, token list out, as Hugging Face's {@code decode_chain} does; the caller joins the result.
 */
public sealed interface Decoder {
    List<String> decode(List<String> tokens);

    /** Byte-level tokens back to bytes, then lossy UTF-8 (one U+FFFD per maximal invalid subpart). */
    record ByteLevelDecoder() implements Decoder {
        public List<String> decode(List<String> tokens) {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            for (String token : tokens) {
                byte[] mapped = new byte[token.length()];
                boolean all = true;
                for (int i = 0; i < token.length() && all; i++) {
                    int b = ByteLevel.byteOf(token.charAt(i));
                    if (b < 0) all = false;
                    else mapped[i] = (byte) b;
                }
                bytes.writeBytes(all ? mapped : token.getBytes(StandardCharsets.UTF_8));
            }
            return List.of(lossyUtf8(bytes.toByteArray()));
        }
    }

    /** SentencePiece's word boundary back to spaces, dropping the space the encoder prepended. */
    record MetaspaceDecoder(char replacement, String prependScheme) implements Decoder {
        public List<String> decode(List<String> tokens) {
            List<String> out = new ArrayList<>(tokens.size());
            for (int i = 0; i < tokens.size(); i++) {
                String t = tokens.get(i).replace(replacement, ' ');
                if (i == 0 && !prependScheme.equals("never") && t.startsWith(" ")) t = t.substring(1);
                out.add(t);
            }
            return out;
        }
    }

    /** Runs of {@code <0xXX>} tokens back to text; bytes that are not valid UTF-8 become one U+FFFD each. */
    record ByteFallback() implements Decoder {
        public List<String> decode(List<String> tokens) {
            List<String> out = new ArrayList<>(tokens.size());
            java.io.ByteArrayOutputStream run = new java.io.ByteArrayOutputStream();
            int runTokens = 0;
            for (String token : tokens) {
                int b = byteToken(token);
                if (b >= 0) {
                    run.write(b);
                    runTokens++;
                    continue;
                }
                runTokens = flush(run, runTokens, out);
                out.add(token);
            }
            flush(run, runTokens, out);
            return out;
        }

        private static int flush(java.io.ByteArrayOutputStream run, int runTokens, List<String> out) {
            if (runTokens == 0) return 0;
            byte[] bytes = run.toByteArray();
            run.reset();
            try {
                out.add(StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes))
                        .toString());
            } catch (java.nio.charset.CharacterCodingException e) {
                for (int i = 0; i < runTokens; i++) out.add("\uFFFD");
            }
            return 0;
        }

        private static int byteToken(String token) {
            if (token.length() != 6 || !token.startsWith("<0x") || token.charAt(5) != '>') return -1;
            try {
                return Integer.parseInt(token.substring(3, 5), 16);
            } catch (NumberFormatException e) {
                return -1;
            }
        }
    }

    record Fuse() implements Decoder {
        public List<String> decode(List<String> tokens) {
            return List.of(String.join("", tokens));
        }
    }

    record Replace(String pattern, String content) implements Decoder {
        public List<String> decode(List<String> tokens) {
            return tokens.stream().map(t -> t.replace(pattern, content)).toList();
        }
    }

    /** Removes up to {@code start} leading and {@code stop} trailing {@code content} characters per token. */
    record Strip(char content, int start, int stop) implements Decoder {
        public List<String> decode(List<String> tokens) {
            List<String> out = new ArrayList<>(tokens.size());
            for (String t : tokens) {
                int from = 0;
                while (from < start && from < t.length() && t.charAt(from) == content) from++;
                int to = t.length();
                while (t.length() - to < stop && to > from && t.charAt(to - 1) == content) to--;
                out.add(t.substring(from, to));
            }
            return out;
        }
    }

    record Sequence(List<Decoder> decoders) implements Decoder {
        public List<String> decode(List<String> tokens) {
            for (Decoder d : decoders) tokens = d.decode(tokens);
            return tokens;
        }
    }

    /**
     * UTF-8 to text with one U+FFFD per maximal subpart of an invalid sequence, as Rust's
     * from_utf8_lossy (the Hugging Face decoders) does. Java's own decoder differs on encoded
     * surrogates ({@code ED A0 80}: one U+FFFD instead of three), hence the explicit table of
     * Unicode's well-formed byte sequences.
     */
    static String lossyUtf8(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length);
        int i = 0;
        while (i < bytes.length) {
            int lead = bytes[i] & 0xFF;
            if (lead < 0x80) {
                out.append((char) lead);
                i++;
                continue;
            }
            int length;
            int secondLow = 0x80, secondHigh = 0xBF;
            if (lead >= 0xC2 && lead <= 0xDF) length = 2;
            else if (lead >= 0xE0 && lead <= 0xEF) {
                length = 3;
                if (lead == 0xE0) secondLow = 0xA0;
                if (lead == 0xED) secondHigh = 0x9F;
            } else if (lead >= 0xF0 && lead <= 0xF4) {
                length = 4;
                if (lead == 0xF0) secondLow = 0x90;
                if (lead == 0xF4) secondHigh = 0x8F;
            } else {
                out.append('\uFFFD');
                i++;
                continue;
            }
            int codePoint = lead & (0xFF >> (length + 1));
            int taken = 1;
            while (taken < length && i + taken < bytes.length) {
                int next = bytes[i + taken] & 0xFF;
                int low = taken == 1 ? secondLow : 0x80, high = taken == 1 ? secondHigh : 0xBF;
                if (next < low || next > high) break;
                codePoint = (codePoint << 6) | (next & 0x3F);
                taken++;
            }
            if (taken == length) out.appendCodePoint(codePoint);
            else out.append('\uFFFD');
            i += taken;
        }
        return out.toString();
    }
}
