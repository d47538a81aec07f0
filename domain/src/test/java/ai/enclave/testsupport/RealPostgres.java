/*
 * One real PostgreSQL 18 server per test JVM, started through the installer's PostgresServer (the
 * same code that runs Enclave's embedded database), and a fresh empty database per caller. The
 * server is stopped and its temporary directory removed when the JVM exits. Not for production use.
 */
package ai.enclave.testsupport;

import ai.enclave.installer.postgres.PostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

public final class RealPostgres {

    private static final String OWNER = "enclave_test";
    private static final String OWNER_PASSWORD = "enclave-test-password";
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private static PostgresServer server;

    private RealPostgres() {}

    /** A new, empty database owned by a non-superuser role, as the portal gets in production. */
    public static synchronized TestDatabase freshDatabase() {
        if (server == null) {
            server = startServer();
        }
        String name = "enclave_it_" + DATABASES.incrementAndGet();
        server.ensureDatabase(name, OWNER, OWNER_PASSWORD);
        return new TestDatabase(server.jdbcUrl(name), OWNER, OWNER_PASSWORD);
    }

    private static PostgresServer startServer() {
        try {
            // Under /tmp with mode 755: the unprivileged service user PostgreSQL runs as (when the
            // tests run as root) must be able to traverse to its cluster directory.
            Path root = Files.createTempDirectory("enclave-domain-it-");
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
            PostgresServer started =
                    new PostgresServer(root.resolve("binaries"), root.resolve("cluster"), "127.0.0.1", freePort());
            started.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAndDelete(started, root)));
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void stopAndDelete(PostgresServer server, Path root) {
        server.stop();
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("Could not delete " + root + ": " + e.getMessage());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
