package ai.enclave.connectors.files;

import ai.enclave.connectors.spi.ConnectorContext;
import ai.enclave.connectors.spi.ConnectorException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The regular files under a root that match include globs and no exclude glob, for the file-based
 * connectors. Never leaves the root: symbolic links are not followed (a link is skipped with a reason,
 * even one pointing inside), and ids are paths relative to the root with '/' separators. Globs are
 * {@link java.nio.file.FileSystem#getPathMatcher} globs on that relative path, except that a leading
 * {@code **}{@code /} also matches files directly in the root ({@code **}{@code /*.md} matches
 * {@code README.md}), which is what people mean.
 */
public final class FileTree {
    /** A file as listed: id relative to the root, the real path, size and modification time in nanoseconds. */
    public record Entry(String id, Path path, long size, long modifiedNanos) {}

    private final Path root;
    private final PathGlobs globs;

    public FileTree(Path root, List<String> include, List<String> exclude) {
        this.root = root;
        this.globs = new PathGlobs(include, exclude);
    }

    /**
     * Lists matching files sorted by (modification time, id), so a cursor over modification times
     * advances monotonically while the caller reads them in this order.
     */
    public List<Entry> list(ConnectorContext context) {
        Path realRoot = realRoot();
        List<Entry> entries = new ArrayList<>();
        try {
            Files.walkFileTree(realRoot, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    String id = relativeId(realRoot, file);
                    if (attrs.isSymbolicLink()) {
                        if (globs.matches(id)) context.skip(id, "symbolic link (not followed)");
                    } else if (attrs.isRegularFile() && globs.matches(id)) {
                        entries.add(new Entry(
                                id,
                                file,
                                attrs.size(),
                                attrs.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS)));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    context.skip(relativeId(realRoot, file), "cannot list: " + e.getMessage());
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new ConnectorException(root + ": cannot walk (" + e.getMessage() + ")", e);
        }
        entries.sort(Comparator.comparingLong(Entry::modifiedNanos).thenComparing(Entry::id));
        return entries;
    }

    /** The root as a real path; a missing root or a file is an error for the whole source. */
    public Path realRoot() {
        try {
            Path real = root.toRealPath();
            if (!Files.isDirectory(real)) throw new ConnectorException(root + " is not a directory");
            return real;
        } catch (IOException e) {
            throw new ConnectorException(root + ": no such directory", e);
        }
    }

    private static String relativeId(Path root, Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }
}
