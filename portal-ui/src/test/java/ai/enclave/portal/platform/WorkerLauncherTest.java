package ai.enclave.portal.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerLauncherTest {

    @TempDir
    Path logs;

    private WorkerLauncher launcher(String java) {
        return new WorkerLauncher(new WorkerLauncher.Settings(
                java,
                "/opt/enclave/worker/enclave-worker.jar:/opt/enclave/worker/lib/*",
                logs,
                "/var/lib/enclave/artifacts",
                "jdbc:postgresql://127.0.0.1:5432/enclave",
                "enclave",
                "s3cret",
                "/var/lib/enclave/portal/secrets.key"));
    }

    @Test
    void a_worker_runs_in_a_session_of_its_own_with_the_vector_module_and_its_job_id() {
        ProcessBuilder worker = launcher("/opt/jdk/bin/java").processFor(42);

        assertThat(worker.command())
                .containsExactly(
                        "setsid",
                        "/opt/jdk/bin/java",
                        "-XX:+UseParallelGC",
                        "--add-modules",
                        "jdk.incubator.vector",
                        "--enable-native-access=ALL-UNNAMED",
                        "-cp",
                        "/opt/enclave/worker/enclave-worker.jar:/opt/enclave/worker/lib/*",
                        "ai.enclave.worker.WorkerMain",
                        "--job",
                        "42");
    }

    @Test
    void a_worker_gets_the_database_the_artifact_directory_and_the_secrets_key_file_in_its_environment() {
        ProcessBuilder worker = launcher("/opt/jdk/bin/java").processFor(42);

        assertThat(worker.environment())
                .containsEntry("ENCLAVE_DB_URL", "jdbc:postgresql://127.0.0.1:5432/enclave")
                .containsEntry("ENCLAVE_DB_USER", "enclave")
                .containsEntry("ENCLAVE_DB_PASSWORD", "s3cret")
                .containsEntry("ENCLAVE_ARTIFACTS", "/var/lib/enclave/artifacts")
                .containsEntry("ENCLAVE_SECRETS_KEY_FILE", "/var/lib/enclave/portal/secrets.key");
    }

    @Test
    void a_worker_appends_its_output_to_the_log_file_of_its_job() {
        ProcessBuilder worker = launcher("/opt/jdk/bin/java").processFor(42);

        assertThat(worker.redirectErrorStream()).isTrue();
        assertThat(worker.redirectOutput())
                .isEqualTo(ProcessBuilder.Redirect.appendTo(
                        logs.resolve("worker-job-42.log").toFile()));
    }

    @Test
    void a_job_started_10_seconds_ago_is_not_started_again_but_one_started_31_seconds_ago_is() throws Exception {
        // echo stands in for java: a real process that writes its arguments to the job's log and exits
        WorkerLauncher launcher = launcher("/bin/echo");
        Instant start = Instant.parse("2026-11-29T10:00:00Z");

        assertThat(launcher.launchIfDue(7, start)).isTrue();
        assertThat(launcher.launchIfDue(7, start.plusSeconds(10))).isFalse();
        assertThat(launcher.launchIfDue(8, start.plusSeconds(10))).isTrue();
        assertThat(launcher.launchIfDue(7, start.plusSeconds(31))).isTrue();

        assertThat(logOnceWritten(logs.resolve("worker-job-7.log"))).contains("ai.enclave.worker.WorkerMain --job 7");
    }

    private static String logOnceWritten(Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).lines().count() >= 2) {
                return Files.readString(log);
            }
            Thread.sleep(20);
        }
        return Files.exists(log) ? Files.readString(log) : "";
    }
}
