package ai.enclave.installer.portal;

import ai.enclave.installer.DataDir;
import ai.enclave.installer.DetachedService;
import ai.enclave.installer.Versions;
import ai.enclave.installer.config.Settings;
import ai.enclave.installer.config.Settings.Database;
import ai.enclave.installer.config.Settings.Oidc;
import ai.enclave.installer.os.Ports;
import ai.enclave.installer.os.Secrets;
import ai.enclave.installer.os.ServiceUser;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * The portal: the WAR from portal-ui on Payara Micro, configured through a mode-600 properties file
 * the WAR reads with MicroProfile Config. Payara Micro runs with usage tracking and Hazelcast's
 * phone-home off, its data grid confined to loopback, and its HTTP listener bound to the configured
 * address.
 */
public final class PortalService extends DetachedService {

    /** Payara's default data grid port; it moves up by itself when another instance holds it. */
    private static final int DATA_GRID_PORT = 6900;

    private final Settings settings;
    private final DataDir data;
    private final Supplier<Database> database;
    private final Supplier<Oidc> oidc;
    private final ServiceUser serviceUser = ServiceUser.forCurrentProcess();
    private final WorkerDistribution worker;

    /** @param database and @param oidc are asked for only when starting (they may create secrets) */
    public PortalService(Settings settings, DataDir data, Supplier<Database> database, Supplier<Oidc> oidc) {
        super("portal", data);
        this.settings = settings;
        this.data = data;
        this.database = database;
        this.oidc = oidc;
        this.worker = new WorkerDistribution(settings.workerJar(), data.runtime("worker"));
    }

    /** The java -cp value of the staged worker (staged at every portal start). */
    public String workerClasspath() {
        return worker.classpath();
    }

    /** The worker processes this portal starts (training, data preparation, serving). */
    public WorkerProcesses workers() {
        return new WorkerProcesses(worker.stagedJar());
    }

    /** Fails early, before anything starts, when the WAR has not been built. */
    public void checkWarExists() {
        if (!Files.isRegularFile(settings.portalWar())) {
            throw new IllegalStateException("The portal WAR is missing: " + settings.portalWar()
                    + ". Build it with ./mvnw -B -q install -DskipTests (or set ENCLAVE_PORTAL_WAR).");
        }
        worker.checkBuilt();
    }

    @Override
    public void checkPortsFree() {
        Ports.requireFree(settings.bindAddress(), settings.portalPort(), "the portal", "ENCLAVE_PORTAL_PORT");
    }

    @Override
    public void start(Duration timeout) {
        Path dir = data.serviceDir(name());
        Path payara = stageOnce(
                settings.launcherHome().resolve("runtime/payara-micro-" + Versions.PAYARA_MICRO + ".jar"),
                data.runtime("payara-micro-" + Versions.PAYARA_MICRO + ".jar"));
        // Copied on every start: a rebuilt WAR is what the next start should run.
        Path war = stage(settings.portalWar(), data.runtime("portal.war"));
        worker.stage();
        serviceUser.handOver(data.runtime("worker"));
        serviceUser.handOver(data.artifacts());
        // Before the hand-over below, so the key file ends up the service user's like the rest of portal/.
        data.createSecretsKeyOnce();
        Secrets.writePrivate(dir.resolve("portal.properties"), portalProperties());
        Secrets.writePrivate(
                dir.resolve("preboot.asadmin"),
                "set configs.config.server-config.network-config.network-listeners.network-listener.http-listener.address="
                        + settings.bindAddress() + "\n");
        // A fresh Payara root at every start: it remembers deployed applications and would deploy the
        // previous WAR before --deploy replaces it (twice the start time, and an early health answer
        // from the old one). Nothing the portal keeps lives there; its state is in the database.
        deleteRecursively(dir.resolve("payara"));
        createDirectory(dir.resolve("payara"));
        serviceUser.handOver(dir);

        List<String> command = List.of(
                System.getProperty("java.home") + "/bin/java",
                "-Xmx1g",
                "-Dhazelcast.phone.home.enabled=false",
                "-Dhazelcast.socket.bind.any=false",
                "-Djava.net.preferIPv4Stack=true",
                "-jar",
                payara.toString(),
                // Payara always boots its Hazelcast data grid, and with --nocluster it listens on every
                // interface. A "cluster" of itself on loopback keeps it there: TCP/IP discovery of
                // 127.0.0.1 only (no multicast, no cloud auto-detection, which probes
                // 169.254.169.254), bound to 127.0.0.1, with a name no other installation shares.
                "--clustermode",
                "tcpip:127.0.0.1:" + DATA_GRID_PORT,
                "--interfaces",
                "127.0.0.1",
                "--clustername",
                "enclave-" + Integer.toHexString(settings.dataDir().hashCode()),
                "--disablephonehome",
                "--port",
                Integer.toString(settings.portalPort()),
                "--contextroot",
                "/",
                "--rootdir",
                dir.resolve("payara").toString(),
                "--unpackdir",
                dir.resolve("unpacked").toString(),
                "--prebootcommandfile",
                dir.resolve("preboot.asadmin").toString(),
                "--systemproperties",
                dir.resolve("portal.properties").toString(),
                "--deploy",
                war.toString());
        startAndAwaitHttpOk(
                "The portal",
                serviceUser.wrap(command),
                dir,
                Map.of("HOME", dir.toString()),
                "http://" + settings.probeAddress() + ":" + settings.portalPort() + "/api/health",
                timeout);
    }

    @Override
    public String address() {
        return settings.portalUrl();
    }

    /** What the portal reads through MicroProfile Config; written at every start. */
    String portalProperties() {
        Database db = database.get();
        Oidc provider = oidc.get();
        Properties properties = new Properties();
        properties.setProperty("enclave.db.url", db.jdbcUrl());
        properties.setProperty("enclave.db.user", db.user());
        properties.setProperty("enclave.db.password", db.password());
        properties.setProperty("enclave.oidc.provider-uri", provider.issuer());
        properties.setProperty("enclave.oidc.client-id", provider.clientId());
        properties.setProperty("enclave.oidc.client-secret", provider.clientSecret());
        properties.setProperty("enclave.portal.url", settings.portalUrl());
        properties.setProperty("enclave.data-dir", settings.dataDir().toString());
        properties.setProperty("enclave.worker.java", System.getProperty("java.home") + "/bin/java");
        properties.setProperty("enclave.worker.classpath", worker.classpath());
        properties.setProperty("enclave.artifacts-dir", data.artifacts().toString());
        properties.setProperty("enclave.logs-dir", data.root().resolve("logs").toString());
        properties.setProperty("enclave.secrets-key-file", data.secretsKeyFile().toString());
        properties.setProperty("enclave.compute.price-per-device-hour", Double.toString(settings.pricePerDeviceHour()));
        StringWriter text = new StringWriter();
        try {
            properties.store(text, "Written by the launcher at every start; edit enclave.conf instead");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot clear " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void createDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + dir, e);
        }
    }

    /** Copies a versioned distribution once: its name changes whenever its content does. */
    private static Path stageOnce(Path source, Path target) {
        return Files.exists(target) ? target : stage(source, target);
    }

    private static Path stage(Path source, Path target) {
        try {
            Files.createDirectories(target.getParent());
            Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot stage " + source + " into " + target + ": " + e.getMessage(), e);
        }
    }
}
