package ai.enclave.connectors.jdbc;

import ai.enclave.installer.postgres.PostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL 18 for the jdbc connector's integration tests: one server per test JVM, started with
 * the installer's PostgresServer (the code that runs Enclave's own database), and a fresh database
 * owned by an ordinary (non-superuser) role per call. Stopped and deleted when the JVM exits. The
 * connectors module cannot use domain's RealPostgres (it must not depend on domain), hence this.
 */
final class TestPostgres {
    static final String USER = "source_owner";
    static final String PASSWORD = "s3cret-Db-Pa55word";
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PostgresServer server;

    private TestPostgres() {}

    /** The URL of a new, empty database that {@link #USER} owns. */
    static synchronized String freshDatabase() {
        if (server == null) server = startServer();
        String name = "jdbc_source_" + DATABASES.incrementAndGet();
        server.ensureDatabase(name, USER, PASSWORD);
        return server.jdbcUrl(name);
    }

    /** A read-write connection as the owner, for the test to create and change rows (auto-commit). */
    static Connection owner(String url) throws SQLException {
        return DriverManager.getConnection(url, USER, PASSWORD);
    }

    private static PostgresServer startServer() {
        try {
            // mode 755 under /tmp: when the tests run as root, PostgreSQL runs as an unprivileged service
            // user who must be able to reach its cluster directory
            Path root = Files.createTempDirectory("enclave-jdbc-it-");
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            PostgresServer started =
                    new PostgresServer(root.resolve("binaries"), root.resolve("cluster"), "127.0.0.1", port);
            started.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                started.stop();
                try (Stream<Path> paths = Files.walk(root)) {
                    paths.sorted(Comparator.reverseOrder())
                            .forEach(p -> p.toFile().delete());
                } catch (IOException e) {
                    System.err.println("could not delete " + root + ": " + e.getMessage());
                }
            }));
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
