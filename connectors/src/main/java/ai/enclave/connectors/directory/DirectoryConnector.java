package ai.enclave.connectors.directory;

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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A directory or mounted file share: every matching file becomes one document with its text extracted
 * by {@link TextExtractor}, and metadata {@code path}, {@code modified} (ISO-8601), {@code owner},
 * {@code content_type}, {@code kind} (code or prose) and {@code title} when the format has one.
 * Incremental by modification time ({@link ai.enclave.connectors.files.ModifiedCursor}). Files that give
 * no text (corrupt, encrypted, binary, too large) are reported as skipped. Deletions: the files listed now
 * (a file gone, or changed so that it no longer gives text, drops its document). Not a change watcher:
 * changes are found when a sync lists the tree.
 */
public final class DirectoryConnector implements Connector<DirectoryConfig> {
    public static final String TYPE = "directory";

    private final TextExtractor extractor = new TextExtractor();

    @Override
    public ConnectorSpec<DirectoryConfig> spec() {
        return new ConnectorSpec<>(
                TYPE,
                "Files under a local directory or mounted share (txt, md, html, pdf, Office, OpenDocument, e-mail,"
                        + " csv, json, source code)",
                DirectoryConfig.class);
    }

    @Override
    public CheckResult check(DirectoryConfig config, ConnectorContext context) {
        try {
            Path root = tree(config).realRoot();
            if (!Files.isReadable(root)) return CheckResult.failed(root + " is not readable");
            try (var files = Files.list(root)) {
                return CheckResult.ok(root + " is readable (" + files.count() + " entries at the top level)");
            }
        } catch (ConnectorException | IOException e) {
            return CheckResult.failed(e.getMessage());
        }
    }

    @Override
    public CloseableIterator<Item> discover(DirectoryConfig config, ConnectorContext context) {
        return FileDocuments.items(tree(config), context);
    }

    @Override
    public DocumentReader read(DirectoryConfig config, Cursor cursor, ConnectorContext context) {
        return new FileDocuments(tree(config), cursor, this::readFile, Stream::of, context);
    }

    private CloseableIterator<Document> readFile(FileTree.Entry file, ConnectorContext context) {
        TextExtractor.Extraction x = extractor.extract(file.path());
        if (!x.ok()) {
            context.skip(file.id(), x.failure());
            return CloseableIterator.of(List.<Document>of().iterator());
        }
        Map<String, String> meta = new HashMap<>();
        meta.put("source_type", TYPE);
        meta.put("path", file.id());
        meta.put("modified", Instant.EPOCH.plusNanos(file.modifiedNanos()).toString());
        meta.put("owner", owner(file.path()));
        meta.put("content_type", x.contentType() == null ? "unknown" : x.contentType());
        meta.put("kind", TextExtractor.isCode(file.id()) ? "code" : "prose");
        if (x.title() != null && !x.title().isBlank()) meta.put("title", x.title());
        return CloseableIterator.of(
                List.of(new Document(file.id(), x.text(), meta)).iterator());
    }

    private static String owner(Path file) {
        try {
            return Files.getOwner(file).getName();
        } catch (IOException | UnsupportedOperationException e) {
            return "unknown";
        }
    }

    private static FileTree tree(DirectoryConfig config) {
        return new FileTree(Path.of(config.root()), config.include(), config.exclude());
    }
}
