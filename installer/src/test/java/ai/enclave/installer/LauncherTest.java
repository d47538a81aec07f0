package ai.enclave.installer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LauncherTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void no_command_prints_the_usage() {
        int exit = Launcher.run(new String[0], Map.of(), new PrintStream(out), new PrintStream(err));

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("start", "stop", "status [--json]", "logs [service]");
    }

    @Test
    void status_of_a_data_directory_never_started_reports_stopped_services_and_writes_nothing() throws Exception {
        Path data = Files.createTempDirectory("launcher-test-").resolve("data");

        int exit = Launcher.run(
                new String[] {"status", "--json"},
                Map.of("ENCLAVE_DATA", data.toString()),
                new PrintStream(out),
                new PrintStream(err));

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("\"portal_url\" : \"http://localhost:8080\"", "\"state\" : \"stopped\"");
        assertThat(data).doesNotExist();
    }

    @Test
    void a_port_already_taken_is_named_with_the_setting_that_changes_it_and_nothing_starts() throws Exception {
        Path data = Files.createTempDirectory("launcher-test-");
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path war = Files.createFile(data.resolve("portal.war"));
        Path workerJar = Files.createFile(data.resolve("enclave-worker.jar"));
        Files.createDirectory(data.resolve("lib"));
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Map<String, String> environment = Map.of(
                    "ENCLAVE_DATA", data.toString(),
                    "ENCLAVE_PORTAL_WAR", war.toString(),
                    "ENCLAVE_WORKER_JAR", workerJar.toString(),
                    "ENCLAVE_POSTGRES_PORT", Integer.toString(taken.getLocalPort()));

            int exit = Launcher.run(new String[] {"start"}, environment, new PrintStream(out), new PrintStream(err));

            assertThat(exit).isEqualTo(1);
            assertThat(err.toString()).contains("Port " + taken.getLocalPort()).contains("ENCLAVE_POSTGRES_PORT");
            assertThat(data.resolve("postgres/cluster")).doesNotExist();
        }
    }
}
