package ai.enclave.connectors.git;

import ai.enclave.connectors.files.PathGlobs;
import ai.enclave.connectors.spi.ConnectorContext;
import ai.enclave.connectors.spi.ConnectorException;
import ai.enclave.connectors.spi.Cursor;
import ai.enclave.connectors.spi.Deletions;
import ai.enclave.connectors.spi.Document;
import ai.enclave.connectors.spi.DocumentReader;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * One sync of a git source: the files of the resolved commit that changed since the cursor (all of them
 * from the start), in path order, each read from its blob and turned into one document or skipped with a
 * reason (vendored, lock file, generated, binary, not UTF-8, too large, empty, link, submodule). Owns
 * the open repository and closes it. The cursor advances per file, so a sync stopped part way resumes
 * after the last file done ({@link GitCursor}). Deletions are known before the first file is read.
 */
final class GitReader implements DocumentReader {
    /** How far back the history walk for each file's last commit goes; older files get only the ref's commit. */
    static final int HISTORY_COMMITS = 1000;

    private final OpenRepository repo;
    private final GitConfig config;
    private final ConnectorContext context;
    private final ObjectReader objects;
    private final RevCommit commit;
    private final GitCursor from;
    /** The cursor's base when its commits are still in the repository; null after falling back to a full read. */
    private final String base;

    private final Queue<TreeChanges.Change> pending;
    private final Map<String, RevCommit> lastCommits;
    private final long maxBytes;
    private final Deletions deletions;
    private String lastDone;
    private boolean exhausted;
    private Document nextDoc;
    private String nextDocPath;

    GitReader(OpenRepository repo, GitConfig config, Cursor cursor, ConnectorContext context) {
        this.repo = repo;
        this.config = config;
        this.context = context;
        this.from = GitCursor.parse(cursor);
        this.objects = repo.repository.newObjectReader();
        this.maxBytes = Math.min(config.maxFileBytes(), context.maxItemBytes());
        try (RevWalk walk = new RevWalk(objects)) {
            this.commit = repo.resolve(walk);
            List<TreeChanges.Change> changes;
            String usableBase = from.base();
            try {
                changes = pendingChanges(walk);
            } catch (MissingObjectException e) {
                // the cursor's commit is gone (history rewritten, repository replaced): read everything again
                usableBase = null;
                changes = TreeChanges.between(repo.repository, null, commit.getTree());
            }
            this.base = usableBase;
            PathGlobs globs = new PathGlobs(config.include(), config.exclude());
            List<TreeChanges.Change> inScope =
                    changes.stream().filter(c -> globs.matches(c.path())).toList();
            this.pending =
                    new ArrayDeque<>(inScope.stream().filter(c -> !c.deleted()).toList());
            this.deletions = deletions(inScope, usableBase == null && !from.partial());
            TreeSet<String> paths = new TreeSet<>();
            pending.forEach(c -> paths.add(c.path()));
            this.lastCommits = TreeChanges.lastCommits(repo.repository, commit, paths, HISTORY_COMMITS);
        } catch (RuntimeException e) {
            objects.close();
            throw e;
        } catch (IOException e) {
            objects.close();
            throw new ConnectorException(
                    "repository " + config.displayName() + ": cannot list files (" + e.getMessage() + ")", e);
        }
    }

    /**
     * A read of the whole tree lists what is there (whatever a store held before); an incremental one
     * knows the paths deleted since the cursor's commits from the same tree walk that found the changes.
     */
    private static Deletions deletions(List<TreeChanges.Change> inScope, boolean wholeTree) {
        Set<String> paths = new HashSet<>();
        for (TreeChanges.Change c : inScope) {
            if (c.deleted() != wholeTree) paths.add(c.path());
        }
        return wholeTree ? Deletions.listing(paths::contains) : Deletions.of(paths);
    }

    /**
     * What the cursor says is still to read at the new commit (see {@link GitCursor}), and what was
     * deleted since its commits: a path deleted since {@code base} or {@code target} is reported whichever
     * side of {@code after} it sorts, since no sync reported it yet.
     */
    private List<TreeChanges.Change> pendingChanges(RevWalk walk) throws IOException {
        RevTree to = commit.getTree();
        RevTree baseTree = from.base() == null ? null : tree(walk, from.base());
        if (!from.partial()) return TreeChanges.between(repo.repository, baseTree, to);
        List<TreeChanges.Change> out = new ArrayList<>();
        for (var c : TreeChanges.between(repo.repository, baseTree, to)) {
            if (c.deleted() || c.path().compareTo(from.after()) > 0) out.add(c);
        }
        for (var c : TreeChanges.between(repo.repository, tree(walk, from.target()), to)) {
            if (c.deleted() || c.path().compareTo(from.after()) <= 0) out.add(c);
        }
        out.sort(Comparator.comparing(TreeChanges.Change::path));
        return out;
    }

    private static RevTree tree(RevWalk walk, String commitId) throws IOException {
        try {
            return walk.parseCommit(ObjectId.fromString(commitId)).getTree();
        } catch (IllegalArgumentException e) {
            throw new MissingObjectException(ObjectId.zeroId(), Constants.OBJ_COMMIT);
        }
    }

    @Override
    public boolean hasNext() {
        while (nextDoc == null) {
            TreeChanges.Change c = pending.poll();
            if (c == null) {
                exhausted = true;
                return false;
            }
            String reason = read(c);
            if (reason != null) {
                context.skip(c.path(), reason);
                lastDone = c.path();
            }
        }
        return true;
    }

    @Override
    public Document next() {
        if (!hasNext()) throw new NoSuchElementException();
        Document d = nextDoc;
        lastDone = nextDocPath;
        nextDoc = null;
        return d;
    }

    /** Sets {@link #nextDoc} from one file, or says why the file is skipped. */
    private String read(TreeChanges.Change c) {
        if (c.mode() == FileMode.GITLINK) return "submodule (not read)";
        if (c.mode() == FileMode.SYMLINK) return "symbolic link (not followed)";
        String byPath = CodeFiles.skipByPath(c.path());
        if (byPath != null) return byPath;
        byte[] bytes;
        try {
            ObjectLoader loader = objects.open(c.blob(), Constants.OBJ_BLOB);
            if (loader.getSize() > maxBytes) return "larger than " + maxBytes + " bytes (" + loader.getSize() + ")";
            if (loader.getSize() == 0) return "empty file";
            bytes = loader.getCachedBytes();
        } catch (IOException e) {
            return "cannot read: " + e.getMessage();
        }
        if (RawText.isBinary(bytes)) return "binary";
        String text = CodeFiles.utf8(bytes);
        if (text == null) return "not UTF-8 text";
        if (text.isBlank()) return "empty file";
        String byContent = CodeFiles.skipByContent(text);
        if (byContent != null) return byContent;
        nextDoc = new Document(c.path(), text, metadata(c.path()));
        nextDocPath = c.path();
        return null;
    }

    private Map<String, String> metadata(String path) {
        String language = CodeFiles.language(path);
        Map<String, String> meta = new HashMap<>();
        meta.put("source_type", GitConnector.TYPE);
        meta.put("repository", config.displayName());
        meta.put("ref", config.ref() == null ? Constants.HEAD : config.ref());
        meta.put("path", path);
        meta.put("commit", commit.name());
        meta.put("commit_time", time(commit));
        meta.put("programming_language", language);
        meta.put("kind", CodeFiles.kind(language));
        RevCommit last = lastCommits.get(path);
        if (last != null) {
            meta.put("last_commit", last.name());
            meta.put("last_author", last.getAuthorIdent().getName());
            meta.put("last_modified", time(last));
        }
        return meta;
    }

    static String time(RevCommit c) {
        return Instant.ofEpochSecond(c.getCommitTime()).toString();
    }

    @Override
    public Cursor cursor() {
        if (exhausted) return GitCursor.complete(commit.name()).toCursor();
        if (lastDone == null) return from.toCursor();
        return new GitCursor(base, commit.name(), lastDone).toCursor();
    }

    @Override
    public Deletions deletions() {
        return deletions;
    }

    @Override
    public void close() {
        pending.clear();
        nextDoc = null;
        objects.close();
        repo.close();
    }
}
