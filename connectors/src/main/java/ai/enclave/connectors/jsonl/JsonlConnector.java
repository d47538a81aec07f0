package ai.enclave.connectors.jsonl;

import ai.enclave.connectors.files.FileDocuments;
import ai.enclave.connectors.files.FileTree;
import ai.enclave.connectors.spi.CheckResult;
import ai.enclave.connectors.spi.CloseableIterator;
import ai.enclave.connectors.spi.Connector;
import ai.enclave.connectors.spi.ConnectorContext;
import ai.enclave.connectors.spi.ConnectorException;
import ai.enclave.connectors.spi.ConnectorSpec;
import ai.enclave.connectors.spi.Cursor;
import ai.enclave.connectors.spi.Document;
import ai.enclave.connectors.spi.DocumentReader;
import ai.enclave.connectors.spi.Item;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * JSON Lines datasets (one JSON object per line, {@code .jsonl} or {@code .jsonl.gz}): each line with a
 * non-empty text field becomes a document. Lines are streamed, so a file of any size is read in constant
 * memory; a line that is not JSON or lacks the field is skipped with its line number. Incremental per
 * file by modification time: a changed file is read again whole. Deletions per file: a file gone takes
 * its documents with it, and a re-read file's documents that it no longer holds are gone. {@code maxItemBytes} does not apply to
 * these files (one file holds many documents); instead a single line above it is skipped.
 */
public final class JsonlConnector implements Connector<JsonlConfig> {
    public static final String TYPE = "jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public ConnectorSpec<JsonlConfig> spec() {
        return new ConnectorSpec<>(
                TYPE, "JSON Lines datasets (.jsonl, .jsonl.gz) with a configurable text field", JsonlConfig.class);
    }

    @Override
    public CheckResult check(JsonlConfig config, ConnectorContext context) {
        try {
            long files = tree(config).list(context).size();
            return files == 0
                    ? CheckResult.failed("no files matching " + config.include() + " under " + config.path())
                    : CheckResult.ok(files + " JSON Lines files under " + config.path());
        } catch (ConnectorException e) {
            return CheckResult.failed(e.getMessage());
        }
    }

    @Override
    public CloseableIterator<Item> discover(JsonlConfig config, ConnectorContext context) {
        return FileDocuments.items(tree(config), context);
    }

    @Override
    public DocumentReader read(JsonlConfig config, Cursor cursor, ConnectorContext context) {
        // a large file has no size limit: lines are checked one by one instead
        ConnectorContext noFileLimit = new ConnectorContext(context.options(), Long.MAX_VALUE, context.skipped());
        return new FileDocuments(
                tree(config),
                cursor,
                (file, ctx) -> new Lines(config, file, context),
                JsonlConnector::filesOf,
                noFileLimit);
    }

    /**
     * The files a document id can come from: ids are {@code <file>#<record id>} or {@code <file>:<line>},
     * and a record id may itself hold those characters, so every prefix before one is a candidate.
     */
    static Stream<String> filesOf(String documentId) {
        return IntStream.range(0, documentId.length())
                .filter(i -> documentId.charAt(i) == '#' || documentId.charAt(i) == ':')
                .mapToObj(i -> documentId.substring(0, i));
    }

    /** A single file is listed as its parent directory with the file name as the only include. */
    private static FileTree tree(JsonlConfig config) {
        Path p = Path.of(config.path());
        if (Files.isRegularFile(p)) {
            Path parent = p.toAbsolutePath().getParent();
            return new FileTree(parent, List.of(p.getFileName().toString()), List.of());
        }
        return new FileTree(p, config.include(), List.of());
    }

    /** The documents of one file, read a line at a time. */
    private static final class Lines implements CloseableIterator<Document> {
        private final JsonlConfig config;
        private final FileTree.Entry file;
        private final ConnectorContext context;
        private final BufferedReader reader;
        private long lineNo;
        private Document next;

        Lines(JsonlConfig config, FileTree.Entry file, ConnectorContext context) {
            this.config = config;
            this.file = file;
            this.context = context;
            BufferedReader r = null;
            try {
                InputStream in = Files.newInputStream(file.path());
                if (file.id().endsWith(".gz")) in = new GZIPInputStream(in, 1 << 16);
                r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
            } catch (IOException e) {
                context.skip(file.id(), "cannot open: " + e.getMessage());
            }
            this.reader = r;
        }

        @Override
        public boolean hasNext() {
            if (next != null) return true;
            if (reader == null) return false;
            try {
                String line;
                while ((line = reader.readLine()) != null) {
                    lineNo++;
                    if (line.isBlank()) continue;
                    next = parse(line);
                    if (next != null) return true;
                }
                return false;
            } catch (IOException | UncheckedIOException e) {
                context.skip(file.id(), "stopped at line " + lineNo + ": " + e.getMessage());
                return false;
            }
        }

        @Override
        public Document next() {
            if (!hasNext()) throw new NoSuchElementException();
            Document d = next;
            next = null;
            return d;
        }

        private Document parse(String line) {
            String where = file.id() + ":" + lineNo;
            if (line.length() > context.maxItemBytes()) {
                context.skip(where, "line longer than " + context.maxItemBytes() + " characters");
                return null;
            }
            JsonNode record;
            try {
                record = JSON.readTree(line);
            } catch (IOException e) {
                context.skip(where, "not JSON");
                return null;
            }
            JsonNode text = field(record, config.textField());
            if (text == null || !text.isTextual() || text.asText().isBlank()) {
                context.skip(where, "no text in field '" + config.textField() + "'");
                return null;
            }
            JsonNode id = config.idField() == null ? null : field(record, config.idField());
            String docId = id == null || id.isNull() || id.isContainerNode() ? where : file.id() + "#" + id.asText();
            return new Document(
                    docId,
                    text.asText(),
                    Map.of("source_type", TYPE, "path", file.id(), "line", Long.toString(lineNo), "kind", "prose"));
        }

        private static JsonNode field(JsonNode record, String dotted) {
            JsonNode n = record;
            for (String part : dotted.split("\\.")) {
                if (n == null || !n.isObject()) return null;
                n = n.get(part);
            }
            return n;
        }

        @Override
        public void close() {
            try {
                if (reader != null) reader.close();
            } catch (IOException e) {
                context.skip(file.id(), "close failed: " + e.getMessage());
            }
        }
    }
}
