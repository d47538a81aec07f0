package ai.enclave.connectors.git;

import ai.enclave.connectors.files.PathGlobs;
import ai.enclave.connectors.spi.CheckResult;
import ai.enclave.connectors.spi.CloseableIterator;
import ai.enclave.connectors.spi.Connector;
import ai.enclave.connectors.spi.ConnectorContext;
import ai.enclave.connectors.spi.ConnectorException;
import ai.enclave.connectors.spi.ConnectorSpec;
import ai.enclave.connectors.spi.Cursor;
import ai.enclave.connectors.spi.DocumentReader;
import ai.enclave.connectors.spi.Item;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * The files of a git repository at a branch, tag or commit, read with JGit (no git binary, no checkout):
 * one document per text file, with metadata {@code repository}, {@code ref}, {@code path},
 * {@code commit} and {@code commit_time} (the commit read), {@code programming_language} (from the
 * extension), {@code kind} (prose for documentation, code otherwise) and, when found among the last
 * {@value GitReader#HISTORY_COMMITS} commits, {@code last_commit}, {@code last_author} and
 * {@code last_modified} of the file. Vendored, generated, lock, binary and oversized files are skipped
 * with a reason. Incremental: the cursor holds the commit read, and the next sync reads only the files
 * that differ between it and the new commit; files deleted between them are reported as
 * {@link ai.enclave.connectors.spi.Deletions}. Not read: the history itself (commit messages, diffs),
 * other branches.
 */
public final class GitConnector implements Connector<GitConfig> {
    public static final String TYPE = "git";

    @Override
    public ConnectorSpec<GitConfig> spec() {
        return new ConnectorSpec<>(
                TYPE,
                "Source files of a git repository (local path or http(s)/file URL) at a branch, tag or commit;"
                        + " vendored and generated files skipped",
                GitConfig.class);
    }

    @Override
    public CheckResult check(GitConfig config, ConnectorContext context) {
        try (OpenRepository repo = OpenRepository.open(config);
                RevWalk walk = new RevWalk(repo.repository)) {
            RevCommit commit = repo.resolve(walk);
            return CheckResult.ok(config.displayName() + " at " + (config.ref() == null ? Constants.HEAD : config.ref())
                    + " is commit " + commit.abbreviate(10).name() + " of " + GitReader.time(commit));
        } catch (ConnectorException e) {
            return CheckResult.failed(e.getMessage());
        }
    }

    @Override
    public CloseableIterator<Item> discover(GitConfig config, ConnectorContext context) {
        PathGlobs globs = new PathGlobs(config.include(), config.exclude());
        try (OpenRepository repo = OpenRepository.open(config);
                RevWalk walk = new RevWalk(repo.repository);
                var objects = repo.repository.newObjectReader()) {
            RevCommit commit = repo.resolve(walk);
            Instant time = Instant.ofEpochSecond(commit.getCommitTime());
            List<Item> items = new ArrayList<>();
            for (TreeChanges.Change c : TreeChanges.between(repo.repository, null, commit.getTree())) {
                if (c.deleted()
                        || !globs.matches(c.path())
                        || (c.mode().getBits() & FileMode.TYPE_MASK) != FileMode.TYPE_FILE
                        || CodeFiles.skipByPath(c.path()) != null) continue;
                items.add(new Item(c.path(), objects.getObjectSize(c.blob(), Constants.OBJ_BLOB), time));
            }
            return CloseableIterator.of(items.iterator());
        } catch (IOException e) {
            throw new ConnectorException(
                    "repository " + config.displayName() + ": cannot list files (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public DocumentReader read(GitConfig config, Cursor cursor, ConnectorContext context) {
        OpenRepository repo = OpenRepository.open(config);
        try {
            return new GitReader(repo, config, cursor, context);
        } catch (RuntimeException e) {
            repo.close();
            throw e;
        }
    }
}
