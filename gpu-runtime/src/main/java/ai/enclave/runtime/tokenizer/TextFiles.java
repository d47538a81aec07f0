package ai.enclave.runtime.tokenizer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reading text to tokenize: strict UTF-8, so bad input is reported rather than silently replaced. */
public final class TextFiles {
    private TextFiles() {}

    /** The file's text; fails naming the file, byte offset and line of the first invalid UTF-8 byte. */
    public static String readUtf8(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new TokenizerException(file + ": no such file");
        byte[] bytes = Files.readAllBytes(file);
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer chars = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, chars, true);
        if (result.isError()) {
            int offset = in.position();
            long line = 1;
            for (int i = 0; i < offset; i++) if (bytes[i] == '\n') line++;
            throw new TokenizerException(file + ": invalid UTF-8 at byte " + offset + " (line " + line + ")");
        }
        decoder.flush(chars);
        return chars.flip().toString();
    }
}
