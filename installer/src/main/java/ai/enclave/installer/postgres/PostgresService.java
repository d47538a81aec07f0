package ai.enclave.installer.postgres;

import ai.enclave.installer.DataDir;
import ai.enclave.installer.Service;
import ai.enclave.installer.Versions;
import ai.enclave.installer.config.Settings;
import ai.enclave.installer.os.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The embedded PostgreSQL as a launcher service: the {@link PostgresServer} in
 * {@code <data>/postgres/cluster}, plus the databases the other embedded services use.
 */
public final class PostgresService implements Service {

    private final PostgresServer server;
    private final Settings settings;
    private final DataDir data;
    private final List<String> databases;

    /** @param databases the databases this installation keeps here, each owned by a role of the same name */
    public PostgresService(Settings settings, DataDir data, List<String> databases) {
        this.settings = settings;
        this.data = data;
        this.databases = databases;
        this.server = new PostgresServer(
                data.runtime("postgresql-" + Versions.POSTGRESQL),
                data.serviceDir("postgres").resolve("cluster"),
                settings.bindAddress(),
                settings.postgresPort(),
                data.log("postgres"));
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + settings.probeAddress() + ":" + settings.postgresPort() + "/" + database;
    }

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public void checkPortsFree() {
        Ports.requireFree(settings.bindAddress(), settings.postgresPort(), "PostgreSQL", "ENCLAVE_POSTGRES_PORT");
    }

    @Override
    public void start(Duration timeout) {
        server.start();
        for (String database : databases) {
            server.ensureDatabase(database, database, data.databasePassword(database));
        }
    }

    @Override
    public boolean isRunning() {
        return server.isRunning();
    }

    @Override
    public Optional<Long> pid() {
        try {
            // postmaster.pid's first line is the server's pid; the cluster directory is readable by root
            // and by the service user only, the two users that run the launcher.
            var pidFile = server.dataDir().resolve("postmaster.pid");
            return isRunning() && Files.exists(pidFile)
                    ? Optional.of(Long.parseLong(
                            Files.readAllLines(pidFile).getFirst().strip()))
                    : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public void stop() {
        server.stop();
    }

    @Override
    public String address() {
        return settings.bindAddress() + ":" + settings.postgresPort();
    }
}
