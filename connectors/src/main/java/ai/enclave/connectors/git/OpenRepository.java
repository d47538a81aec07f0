package ai.enclave.connectors.git;

import ai.enclave.connectors.spi.ConnectorException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.errors.RevisionSyntaxException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * A repository opened for reading one sync: a local repository in place (never written to), or the
 * bare copy of a URL in the cache directory, brought up to date with one fetch of all branches and
 * tags (the first fetch is the clone). Resolves the configured ref to a commit. Every failure is a
 * {@link ConnectorException} whose message says what is wrong in words and never holds the token.
 * Not a working tree: files are read from git objects, nothing is checked out.
 */
final class OpenRepository implements AutoCloseable {
    /** An idle connection is given up after this long, so a check against a dead server returns. */
    private static final int FETCH_TIMEOUT_SECONDS = 60;

    private static final Pattern COMMIT_ID = Pattern.compile("[0-9a-fA-F]{7,40}");
    private static final List<RefSpec> ALL_BRANCHES_AND_TAGS =
            List.of(new RefSpec("+refs/heads/*:refs/heads/*"), new RefSpec("+refs/tags/*:refs/tags/*"));
    /** One fetch at a time per cache directory within this JVM; git's own lock files guard across processes. */
    private static final Map<Path, Object> FETCH_LOCKS = new ConcurrentHashMap<>();

    final Repository repository;
    private final GitConfig config;
    /** The commit HEAD names (for a URL: as the server advertised it at the fetch), null when there is none. */
    private final ObjectId head;

    private OpenRepository(Repository repository, GitConfig config, ObjectId head) {
        this.repository = repository;
        this.config = config;
        this.head = head;
    }

    static OpenRepository open(GitConfig config) {
        return config.isRemote() ? fetch(config) : local(config);
    }

    private static OpenRepository local(GitConfig config) {
        Path path = Path.of(config.repository());
        if (!Files.isDirectory(path)) throw new ConnectorException("repository " + path + ": no such directory");
        Repository repo;
        try {
            repo = Git.open(path.toFile()).getRepository();
        } catch (RepositoryNotFoundException e) {
            throw new ConnectorException("repository " + path + ": not a git repository", e);
        } catch (IOException e) {
            throw new ConnectorException("repository " + path + ": cannot open (" + e.getMessage() + ")", e);
        }
        try {
            return new OpenRepository(repo, config, repo.resolve(Constants.HEAD + "^{commit}"));
        } catch (IOException | RevisionSyntaxException e) {
            return new OpenRepository(repo, config, null);
        }
    }

    private static OpenRepository fetch(GitConfig config) {
        Path dir = cacheDirectory(config);
        synchronized (FETCH_LOCKS.computeIfAbsent(dir, d -> new Object())) {
            Git git = null;
            try {
                Files.createDirectories(dir.getParent());
                git = Files.isDirectory(dir)
                        ? Git.open(dir.toFile())
                        : Git.init().setBare(true).setDirectory(dir.toFile()).call();
                var fetch = git.fetch()
                        .setRemote(config.repository())
                        .setRefSpecs(ALL_BRANCHES_AND_TAGS)
                        .setRemoveDeletedRefs(true)
                        .setTimeout(FETCH_TIMEOUT_SECONDS);
                if (config.token() != null) {
                    fetch.setCredentialsProvider(
                            new UsernamePasswordCredentialsProvider(config.username(), config.token()));
                }
                FetchResult result = fetch.call();
                Ref advertisedHead = result.getAdvertisedRef(Constants.HEAD);
                ObjectId head = advertisedHead == null ? null : advertisedHead.getObjectId();
                return new OpenRepository(git.getRepository(), config, head);
            } catch (GitAPIException | IOException | RuntimeException e) {
                if (git != null) git.close();
                throw new ConnectorException("repository " + config.displayName() + ": cannot fetch ("
                        + redact(rootMessage(e), config) + ")");
            }
        }
    }

    /** One bare repository per URL, named by a hash of it (the user part left out). */
    static Path cacheDirectory(GitConfig config) {
        Path base = config.cacheDir() != null
                ? Path.of(config.cacheDir())
                : Path.of(System.getProperty("java.io.tmpdir"), "enclave-git-cache");
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(config.displayName().getBytes(StandardCharsets.UTF_8));
            return base.resolve(HexFormat.of().formatHex(hash, 0, 10) + ".git");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The commit the configured ref names: null ref is HEAD; a short name is tried as a branch, then as a
     * tag; a full name ({@code refs/...}) or a commit id is taken as it is. Annotated tags are peeled.
     */
    RevCommit resolve(RevWalk walk) {
        String ref = config.ref();
        ObjectId id;
        try {
            id = ref == null ? head : find(ref);
        } catch (IOException | RevisionSyntaxException e) {
            throw new ConnectorException("ref '" + ref + "' in " + config.displayName() + " does not name a commit ("
                    + e.getMessage() + ")");
        }
        if (id == null) {
            throw new ConnectorException(
                    ref == null
                            ? "repository " + config.displayName()
                                    + " has no HEAD commit (empty?); set ref to a branch or tag"
                            : "ref '" + ref + "' not found in " + config.displayName() + " (" + known() + ")");
        }
        try {
            return walk.parseCommit(id);
        } catch (IOException e) {
            throw new ConnectorException("ref '" + (ref == null ? "HEAD" : ref) + "' in " + config.displayName()
                    + " does not name a commit (" + e.getMessage() + ")");
        }
    }

    private ObjectId find(String ref) throws IOException {
        List<String> names =
                ref.startsWith("refs/") ? List.of(ref) : List.of(Constants.R_HEADS + ref, Constants.R_TAGS + ref);
        for (String name : names) {
            if (repository.exactRef(name) != null) return repository.resolve(name + "^{commit}");
        }
        return COMMIT_ID.matcher(ref).matches() ? repository.resolve(ref + "^{commit}") : null;
    }

    /** "branches: main, dev; tags: v1" (at most ten of each), for a message about a ref that is not there. */
    private String known() {
        try {
            return "branches: " + shortNames(Constants.R_HEADS) + "; tags: " + shortNames(Constants.R_TAGS);
        } catch (IOException e) {
            return "branches and tags cannot be listed: " + e.getMessage();
        }
    }

    private String shortNames(String prefix) throws IOException {
        List<String> names = repository.getRefDatabase().getRefsByPrefix(prefix).stream()
                .map(r -> r.getName().substring(prefix.length()))
                .sorted()
                .toList();
        if (names.isEmpty()) return "none";
        String shown = String.join(", ", names.subList(0, Math.min(10, names.size())));
        return names.size() > 10 ? shown + ", ... (" + names.size() + ")" : shown;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String top = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String bottom = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        String msg = root == e || top.contains(bottom) ? top : top + ": " + bottom;
        return msg.lines().findFirst().orElse("").strip();
    }

    /** Belt and braces: JGit does not put passwords into messages, and this makes sure of it. */
    private static String redact(String message, GitConfig config) {
        return config.token() == null ? message : message.replace(config.token(), "***");
    }

    @Override
    public void close() {
        repository.close();
    }
}
