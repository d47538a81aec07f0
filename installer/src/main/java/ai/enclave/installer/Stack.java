package ai.enclave.installer;

import ai.enclave.installer.config.Settings;
import ai.enclave.installer.config.Settings.Database;
import ai.enclave.installer.config.Settings.Oidc;
import ai.enclave.installer.keycloak.KeycloakService;
import ai.enclave.installer.os.ServiceUser;
import ai.enclave.installer.portal.PortalService;
import ai.enclave.installer.postgres.PostgresService;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The installation as a whole: which services are embedded (PostgreSQL, Keycloak, the portal), in
 * which order they start (each waits for the one before) and stop (reverse), and their status.
 *
 * <p>An external database or identity provider in the settings removes the embedded one. Embedded
 * PostgreSQL runs when the portal's database or Keycloak's is not external.
 */
public final class Stack {

    private static final String PORTAL_DATABASE = "enclave";
    private static final String KEYCLOAK_DATABASE = "keycloak";
    private static final String PORTAL_CLIENT_ID = "enclave-portal";

    private final Settings settings;
    private final DataDir data;
    private final Optional<PostgresService> postgres;
    private final Optional<KeycloakService> keycloak;
    private final PortalService portal;
    private final String oidcIssuer;

    public Stack(Settings settings) {
        this.settings = settings;
        this.data = new DataDir(settings.dataDir());
        boolean embeddedKeycloak = settings.externalOidc().isEmpty();

        List<String> embeddedDatabases = new ArrayList<>();
        if (settings.externalDatabase().isEmpty()) {
            embeddedDatabases.add(PORTAL_DATABASE);
        }
        if (embeddedKeycloak && settings.externalKeycloakDatabase().isEmpty()) {
            embeddedDatabases.add(KEYCLOAK_DATABASE);
        }
        this.postgres = embeddedDatabases.isEmpty()
                ? Optional.empty()
                : Optional.of(new PostgresService(settings, data, embeddedDatabases));

        Supplier<Oidc> oidc;
        if (embeddedKeycloak) {
            KeycloakService service = new KeycloakService(
                    settings,
                    data,
                    () -> settings.externalKeycloakDatabase().orElseGet(() -> embedded(KEYCLOAK_DATABASE)));
            this.keycloak = Optional.of(service);
            this.oidcIssuer = service.issuer();
            oidc = () -> new Oidc(service.issuer(), PORTAL_CLIENT_ID, data.portalClientSecret());
        } else {
            Oidc external = settings.externalOidc().orElseThrow();
            this.keycloak = Optional.empty();
            this.oidcIssuer = external.issuer();
            oidc = () -> external;
        }
        this.portal = new PortalService(settings, data, this::portalDatabase, oidc);
    }

    /** The embedded services in start order. */
    public List<Service> services() {
        List<Service> services = new ArrayList<>();
        postgres.ifPresent(services::add);
        keycloak.ifPresent(services::add);
        services.add(portal);
        return services;
    }

    public Optional<Service> service(String name) {
        return services().stream().filter(s -> s.name().equals(name)).findFirst();
    }

    public DataDir data() {
        return data;
    }

    public Settings settings() {
        return settings;
    }

    public PortalService portal() {
        return portal;
    }

    /** The embedded Keycloak; empty when the company's own OIDC provider is configured. */
    public Optional<KeycloakService> keycloak() {
        return keycloak;
    }

    /** The portal's database, embedded or external (embedded: its password is created at the first start). */
    public Database portalDatabase() {
        return settings.externalDatabase().orElseGet(() -> embedded(PORTAL_DATABASE));
    }

    /** Starts what is not running, in order, each waiting for readiness; says what it does on {@code out}. */
    public void start(PrintStream out) {
        try (FileLock lock = lockDataDir()) {
            List<Service> stopped =
                    services().stream().filter(s -> !s.isRunning()).toList();
            if (stopped.isEmpty()) {
                out.println(
                        "Enclave is already running (data in " + data.root() + "). Portal: " + settings.portalUrl());
                return;
            }
            portal.checkWarExists();
            ServiceUser serviceUser = ServiceUser.forCurrentProcess();
            serviceUser.ensureExists();
            serviceUser.checkReachable(data.root());
            data.create();
            serviceUser.handOver(data.root().resolve("logs"));
            for (Service service : services()) {
                if (service.isRunning()) {
                    out.println(service.name() + " is already running");
                }
            }
            stopped.forEach(Service::checkPortsFree);
            for (Service service : stopped) {
                out.print("Starting " + service.name() + " (" + service.address() + ") ... ");
                out.flush();
                long began = System.nanoTime();
                service.start(settings.startTimeout());
                out.printf("ready in %.1f s%n", (System.nanoTime() - began) / 1e9);
            }
            out.println();
            out.println("Enclave is running: " + settings.portalUrl());
            if (keycloak.isPresent() && Files.exists(data.initialAdminPasswordFile())) {
                out.println("First sign-in: user 'admin', temporary password in " + data.initialAdminPasswordFile()
                        + " (Keycloak asks for a new one).");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stops every running embedded service, the portal first and the database last. The workers stop
     * right after the portal (which would otherwise start them again); their jobs continue at the next
     * start.
     */
    public void stop(PrintStream out) {
        List<Service> reversed = new ArrayList<>(services());
        Collections.reverse(reversed);
        for (Service service : reversed) {
            if (service.isRunning()) {
                out.print("Stopping " + service.name() + " ... ");
                out.flush();
                service.stop();
                out.println("stopped");
            }
            if (service == portal) {
                int workers = portal.workers().stop();
                if (workers > 0) {
                    out.println("Stopped " + workers + " worker process" + (workers == 1 ? "" : "es"));
                }
            }
        }
    }

    /** Everything status prints, in a stable order: URLs, the data directory, each service's state. */
    public Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("portal_url", settings.portalUrl());
        status.put("keycloak_url", keycloak.isPresent() ? settings.keycloakUrl() : oidcIssuer);
        status.put("oidc_issuer", oidcIssuer);
        status.put("data_dir", data.root().toString());
        Map<String, Object> services = new LinkedHashMap<>();
        for (String name : List.of("postgres", "keycloak", "portal")) {
            Map<String, Object> entry = new LinkedHashMap<>();
            Optional<Service> service = service(name);
            if (service.isEmpty()) {
                entry.put("state", "external");
            } else {
                Optional<Long> pid = service.get().pid();
                entry.put("state", service.get().isRunning() ? "running" : "stopped");
                pid.ifPresent(p -> entry.put("pid", p));
                entry.put("address", service.get().address());
                entry.put("log", data.log(name).toString());
            }
            services.put(name, entry);
        }
        status.put("services", services);
        status.put(
                "workers",
                portal.workers().running().stream().map(ProcessHandle::pid).toList());
        return status;
    }

    private Database embedded(String database) {
        PostgresService server = postgres.orElseThrow();
        return new Database(server.jdbcUrl(database), database, data.databasePassword(database));
    }

    /** One launcher at a time per data directory: two concurrent starts would race for the ports. */
    private FileLock lockDataDir() throws IOException {
        Files.createDirectories(data.root());
        FileChannel channel = FileChannel.open(
                data.root().resolve(".launcher.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock();
        if (lock == null) {
            channel.close();
            throw new IllegalStateException(
                    "Another ./enclave command is working on " + data.root() + "; wait for it.");
        }
        return lock;
    }
}
