package ai.enclave.installer.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Comparator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Starts a real PostgreSQL 18 from the packaged binaries, as the unprivileged user when root. */
class PostgresServerIT {

    private PostgresServer server;
    private Path root;

    @AfterEach
    void stopServerAndRemoveItsFiles() throws Exception {
        if (server != null) {
            server.stop();
        }
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    @Test
    void a_database_created_on_first_start_keeps_its_rows_across_a_restart() throws Exception {
        root = Files.createTempDirectory("postgres-it-");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path binaries = root.resolve("binaries");
        Path cluster = root.resolve("cluster");
        int port = FreePort.find();

        server = new PostgresServer(binaries, cluster, "127.0.0.1", port);
        server.start();
        assertThat(server.isRunning()).isTrue();
        server.ensureDatabase("inventory", "clerk", "clerk-secret");
        server.ensureDatabase("inventory", "clerk", "clerk-secret");
        try (Connection connection =
                DriverManager.getConnection(server.jdbcUrl("inventory"), "clerk", "clerk-secret")) {
            connection.createStatement().execute("create table item (name text primary key)");
            connection.createStatement().execute("insert into item values ('lamp')");
        }
        server.stop();
        assertThat(server.isRunning()).isFalse();

        server = new PostgresServer(binaries, cluster, "127.0.0.1", port);
        server.start();
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl("inventory"), "clerk", "clerk-secret");
                ResultSet rows = connection.createStatement().executeQuery("select name from item")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("lamp");
            ResultSet fsync = connection.createStatement().executeQuery("show fsync");
            fsync.next();
            assertThat(fsync.getString(1)).isEqualTo("on");
        }
    }

    @Test
    void the_superuser_password_is_random_and_kept_in_a_private_file() throws Exception {
        root = Files.createTempDirectory("postgres-it-");
        server = new PostgresServer(root.resolve("binaries"), root.resolve("cluster"), "127.0.0.1", FreePort.find());
        String password = server.superuserPassword();

        assertThat(password).hasSizeGreaterThanOrEqualTo(20).isEqualTo(server.superuserPassword());
        assertThat(Files.getPosixFilePermissions(root.resolve("cluster-superuser-password")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        server = null;
    }
}
