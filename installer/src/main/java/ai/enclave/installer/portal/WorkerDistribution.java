package ai.enclave.installer.portal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The worker jar and its libraries, staged into {@code <data>/runtime/worker/} where the service user
 * can read them (a checkout may sit in a directory only root can enter), and the classpath the portal
 * starts workers with. Staging copies only files whose size or modification time changed and removes
 * libraries the build no longer has, so a restart after a rebuild runs the new worker.
 */
public final class WorkerDistribution {

    private final Path workerJar;
    private final Path staged;

    /** @param workerJar the built enclave-worker.jar, with its dependencies in lib/ beside it */
    public WorkerDistribution(Path workerJar, Path staged) {
        this.workerJar = workerJar;
        this.staged = staged;
    }

    /** Fails early, before anything starts, when the worker has not been built. */
    public void checkBuilt() {
        if (!Files.isRegularFile(workerJar) || !Files.isDirectory(libraries())) {
            throw new IllegalStateException("The worker is missing: " + workerJar + " (and lib/ beside it). Build it"
                    + " with ./mvnw -B -q install -DskipTests (or set ENCLAVE_WORKER_JAR).");
        }
    }

    /** Brings the staged copy up to date with the build. */
    public void stage() {
        try {
            Files.createDirectories(staged.resolve("lib"));
            copyIfChanged(workerJar, stagedJar());
            Set<Path> built = new HashSet<>();
            try (Stream<Path> jars = Files.list(libraries())) {
                for (Path jar : jars.toList()) {
                    built.add(jar.getFileName());
                    copyIfChanged(jar, staged.resolve("lib").resolve(jar.getFileName()));
                }
            }
            try (Stream<Path> old = Files.list(staged.resolve("lib"))) {
                for (Path jar :
                        old.filter(p -> !built.contains(p.getFileName())).toList()) {
                    Files.delete(jar);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot stage the worker into " + staged + ": " + e.getMessage(), e);
        }
    }

    /** The staged jar: its path also tells this installation's workers apart from any other's. */
    public Path stagedJar() {
        return staged.resolve(workerJar.getFileName());
    }

    /** The java -cp value for the staged worker. */
    public String classpath() {
        return String.join(":", List.of(stagedJar().toString(), staged.resolve("lib") + "/*"));
    }

    private Path libraries() {
        return workerJar.resolveSibling("lib");
    }

    private static void copyIfChanged(Path source, Path target) throws IOException {
        if (Files.exists(target)
                && Files.size(target) == Files.size(source)
                && Files.getLastModifiedTime(target).equals(Files.getLastModifiedTime(source))) {
            return;
        }
        Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
    }
}
