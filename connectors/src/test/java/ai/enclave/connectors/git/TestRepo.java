package ai.enclave.connectors.git;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * A real git repository made by a test with JGit: a working tree on branch {@code main}, commits with a
 * chosen author and time, tags and branches. Not a fake of anything: the connector reads it (or a
 * clone of it through a file URL) like any repository.
 */
final class TestRepo implements AutoCloseable {
    final Path dir;
    final Git git;

    private TestRepo(Path dir, Git git) {
        this.dir = dir;
        this.git = git;
    }

    static TestRepo init(Path dir) throws GitAPIException {
        return new TestRepo(
                dir,
                Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call());
    }

    /** Writes (String or byte[] values) and deletes (null values) files, then commits them all. */
    RevCommit commit(String author, Instant when, String message, Map<String, Object> files)
            throws IOException, GitAPIException {
        for (var e : files.entrySet()) {
            Path file = dir.resolve(e.getKey());
            if (e.getValue() == null) {
                git.rm().addFilepattern(e.getKey()).call();
                continue;
            }
            Files.createDirectories(file.getParent());
            if (e.getValue() instanceof byte[] bytes) Files.write(file, bytes);
            else Files.writeString(file, (String) e.getValue());
            git.add().addFilepattern(e.getKey()).call();
        }
        PersonIdent who = new PersonIdent(author, author.toLowerCase() + "@example.com", when, ZoneOffset.UTC);
        return git.commit()
                .setMessage(message)
                .setAuthor(who)
                .setCommitter(who)
                .setSign(false)
                .call();
    }

    void tag(String name, RevCommit commit) throws GitAPIException {
        git.tag()
                .setName(name)
                .setMessage("release " + name)
                .setAnnotated(true)
                .setObjectId(commit)
                .call();
    }

    void branch(String name) throws GitAPIException {
        git.branchCreate().setName(name).call();
    }

    /** The repository as a remote would be named: a file URL. */
    String url() {
        return dir.toUri().toString();
    }

    @Override
    public void close() {
        git.close();
    }
}
