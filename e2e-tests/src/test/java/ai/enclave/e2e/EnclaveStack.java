package ai.enclave.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit extension that starts the whole stack (PostgreSQL, Keycloak, portal) once per test run through
 * the real launcher, in a fresh data directory with free ports and the test users, and stops it when
 * the run ends. Test classes use it with {@code @ExtendWith(EnclaveStack.class)} and read the URLs
 * from {@link #portalUrl()}.
 *
 * <p>Not a mock of anything: the tests see exactly what {@code ./enclave start} gives a person.
 */
public final class EnclaveStack implements BeforeAllCallback {

    private static Running running;
    private static SocketWatch socketWatch;

    /** The started stack; a CloseableResource in the root store, so JUnit stops it after the last test. */
    private record Running(Path dataDir, Map<String, String> environment, int portalPort, int keycloakPort)
            implements ExtensionContext.Store.CloseableResource {

        @Override
        public void close() throws IOException {
            try {
                socketWatch.stop();
                launcher(environment, "stop");
            } finally {
                keepLogs(dataDir, "");
                deleteRecursively(dataDir);
            }
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        synchronized (EnclaveStack.class) {
            if (running == null) {
                running = start();
                context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put(EnclaveStack.class, running);
            }
        }
    }

    public static String portalUrl() {
        return "http://localhost:" + running.portalPort();
    }

    public static String keycloakUrl() {
        return "http://localhost:" + running.keycloakPort();
    }

    public static Path dataDir() {
        return running.dataDir();
    }

    /** The environment the stack was started with, to run further launcher commands against it. */
    public static Map<String, String> environment() {
        return running.environment();
    }

    /** Sockets of the stack's processes seen since before it started. */
    static SocketWatch socketWatch() {
        return socketWatch;
    }

    private static Running start() throws IOException, InterruptedException {
        // Under /tmp with mode 755: the service user must be able to traverse every parent.
        Path dataDir = Files.createTempDirectory("enclave-e2e-");
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path seedUsers = Path.of("src/test/resources/test-users.json").toAbsolutePath();
        int portalPort = freePort();
        int keycloakPort = freePort();
        Map<String, String> environment = new HashMap<>();
        environment.put("ENCLAVE_DATA", dataDir.toString());
        environment.put("ENCLAVE_PORTAL_PORT", Integer.toString(portalPort));
        environment.put("ENCLAVE_KEYCLOAK_PORT", Integer.toString(keycloakPort));
        environment.put("ENCLAVE_KEYCLOAK_MANAGEMENT_PORT", Integer.toString(freePort()));
        environment.put("ENCLAVE_POSTGRES_PORT", Integer.toString(freePort()));
        environment.put("ENCLAVE_KEYCLOAK_SEED_USERS", seedUsers.toString());
        Running stack = new Running(dataDir, environment, portalPort, keycloakPort);
        socketWatch = SocketWatch.start(dataDir);
        try {
            launcher(environment, "start");
        } catch (IllegalStateException e) {
            launcher(environment, "logs");
            stack.close();
            throw e;
        }
        return stack;
    }

    /** Runs the launcher jar with our Java and returns its output, which also joins the test output. */
    static String launcher(Map<String, String> environment, String... args) throws IOException {
        String jar = System.getProperty("enclave.launcher.jar", "../installer/target/enclave-launcher.jar");
        List<String> command = Stream.concat(
                        Stream.of(ProcessHandle.current().info().command().orElse("java"), "-jar", jar),
                        Stream.of(args))
                .toList();
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            StringBuilder output = new StringBuilder();
            try (var lines = process.inputReader().lines()) {
                lines.forEach(line -> {
                    System.out.println(line);
                    output.append(line).append('\n');
                });
            }
            if (!process.waitFor(15, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException("enclave " + String.join(" ", args) + " failed:\n" + output);
            }
            return output.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The services' logs outlive the data directory, in target/e2e-logs, for reading after a failure. */
    static void keepLogs(Path dataDir, String prefix) throws IOException {
        Path target = Path.of("target/e2e-logs");
        Files.createDirectories(target);
        try (Stream<Path> logs = Files.list(dataDir.resolve("logs"))) {
            for (Path log : logs.toList()) {
                Files.copy(log, target.resolve(prefix + log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
