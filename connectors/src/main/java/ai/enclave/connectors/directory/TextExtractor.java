package ai.enclave.connectors.directory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.WriteLimitReachedException;
import org.apache.tika.exception.ZeroByteFileException;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.parser.txt.TXTParser;
import org.apache.tika.sax.BodyContentHandler;

/**
 * Plain text from one file with Apache Tika. Files whose extension says they are already text (source
 * code, markdown, CSV, JSON, logs) keep their exact layout: read as UTF-8 when their bytes are valid
 * UTF-8, otherwise through Tika's {@link TXTParser}, which detects a legacy charset. (Tika's detector
 * alone took 3% of the bench's UTF-8 files, Spanish among them, for GB18030 and garbled them, and was a
 * tenth of the speed.) Everything else (PDF, Office, OpenDocument, HTML, e-mail, ...) goes through
 * {@link AutoDetectParser}, which also guards against zip bombs. Never throws for a bad file: the result
 * says why there is no text. Not an OCR engine: scanned PDFs give no text.
 */
public final class TextExtractor {
    /** The answer for one file: text and content type, or the reason there is none. */
    public record Extraction(String text, String contentType, String title, String failure) {
        public boolean ok() {
            return failure == null;
        }
    }

    /** Extensions read as source code ("kind" = code in the metadata; the prose-only quality rules skip them). */
    public static final Set<String> CODE_EXTENSIONS = Set.of(
            "java", "kt", "kts", "scala", "groovy", "py", "js", "mjs", "ts", "tsx", "jsx", "go", "rs", "c", "h", "cpp",
            "cc", "hpp", "cs", "rb", "php", "swift", "sql", "sh", "bash", "ps1", "yaml", "yml", "toml", "gradle",
            "proto", "r", "lua", "pl");

    private static final Set<String> PLAIN_TEXT_EXTENSIONS = Set.of(
            "txt",
            "text",
            "md",
            "markdown",
            "rst",
            "adoc",
            "csv",
            "tsv",
            "json",
            "jsonl",
            "ndjson",
            "log",
            "ini",
            "cfg",
            "conf",
            "properties",
            "env");

    /** Text beyond this many characters means a file is not a document worth training on (e.g. a data dump). */
    static final int MAX_CHARS = 32 << 20;

    private final Parser autoDetect = new AutoDetectParser();
    private final Parser plainText = new TXTParser();

    public static String extension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    public static boolean isCode(String fileName) {
        return CODE_EXTENSIONS.contains(extension(fileName));
    }

    public Extraction extract(Path file) {
        String name = file.getFileName().toString();
        String ext = extension(name);
        boolean plain = CODE_EXTENSIONS.contains(ext) || PLAIN_TEXT_EXTENSIONS.contains(ext);
        if (plain) {
            Extraction utf8 = utf8(file);
            if (utf8 != null) return utf8;
        }
        Parser parser = plain ? plainText : autoDetect;
        Metadata metadata = new Metadata();
        metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, name);
        BodyContentHandler handler = new BodyContentHandler(MAX_CHARS);
        try (TikaInputStream in = TikaInputStream.get(file, metadata)) {
            parser.parse(in, handler, metadata, new ParseContext());
        } catch (ZeroByteFileException e) {
            return failed("empty file");
        } catch (EncryptedDocumentException e) {
            return failed("encrypted or password-protected");
        } catch (IOException e) {
            return failed("cannot read: " + e.getMessage());
        } catch (Exception | LinkageError e) {
            if (WriteLimitReachedException.isWriteLimitReached(e)) {
                return failed("more than " + MAX_CHARS + " characters of text");
            }
            return failed("cannot extract text: " + oneLine(e));
        }
        return checked(handler.toString(), metadata.get(Metadata.CONTENT_TYPE), metadata.get(TikaCoreProperties.TITLE));
    }

    /** The extracted text, unless it is blank or looks like decoded binary. */
    private static Extraction checked(String text, String type, String title) {
        if (text.isBlank()) return failed("no text (" + type + ")");
        if (looksBinary(text)) return failed("binary content (" + type + ")");
        return new Extraction(text, type, title, null);
    }

    /**
     * The file as strict UTF-8 (a leading byte order mark dropped), or null to let Tika detect its charset:
     * when the bytes are not valid UTF-8, or the file is too large to be sure of its size in characters.
     */
    private static Extraction utf8(Path file) {
        String text;
        try {
            if (Files.size(file) > MAX_CHARS) return null;
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        } catch (IOException e) {
            return failed("cannot read: " + e.getMessage());
        }
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        if (text.isEmpty()) return failed("empty file");
        return checked(text, "text/plain; charset=UTF-8", null);
    }

    /**
     * Junk bytes decoded as text show up as replacement characters and C0 controls; real text in any
     * script has almost none. 2% over the first 64K characters separates them in our fixtures with room.
     */
    static boolean looksBinary(String text) {
        int n = Math.min(text.length(), 1 << 16);
        int bad = 0;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == '\uFFFD' || (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f')) bad++;
        }
        return bad > n / 50;
    }

    private static Extraction failed(String reason) {
        return new Extraction(null, null, null, reason);
    }

    private static String oneLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String msg = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return msg.lines().findFirst().orElse("").strip();
    }
}
