package ai.enclave.data.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The portal's side of "Test connection". SourceCheck itself is tested in the worker module; here small
 * shell scripts stand in for the worker JVM: real processes that read stdin and answer (or hang).
 */
class SourceChecksTest {

    @TempDir
    Path dir;

    private static SourceChecks checks(String java, String keyFile, Duration timeout) {
        return new SourceChecks(new SourceChecks.Settings(
                java, "/opt/enclave/worker/enclave-worker.jar:/opt/enclave/worker/lib/*", keyFile, timeout));
    }

    @Test
    void the_check_runs_on_the_worker_classpath_with_no_argument_but_the_main_class() {
        ProcessBuilder check = checks("/opt/jdk/bin/java", "/var/lib/enclave/portal/secrets.key", SourceChecks.TIMEOUT)
                .processFor();

        assertThat(check.command())
                .containsExactly(
                        "/opt/jdk/bin/java",
                        "-cp",
                        "/opt/enclave/worker/enclave-worker.jar:/opt/enclave/worker/lib/*",
                        "ai.enclave.worker.SourceCheck");
        assertThat(check.environment())
                .containsEntry("ENCLAVE_SECRETS_KEY_FILE", "/var/lib/enclave/portal/secrets.key");
    }

    @Test
    void the_request_goes_to_stdin_and_the_answer_line_is_read_back() throws IOException {
        Path request = dir.resolve("request.json");
        Path java = script("cat > " + request + "\n" + "echo 'some library chatter'\n"
                + "echo '{\"ok\":true,\"message\":\"/srv/docs is readable (3 entries at the top level)\"}'\n");

        SourceChecks.Result result =
                checks(java.toString(), null, SourceChecks.TIMEOUT).check("directory", "{\"root\":\"/srv/docs\"}");

        assertThat(result)
                .isEqualTo(new SourceChecks.Result(true, "/srv/docs is readable (3 entries at the top level)"));
        assertThat(Files.readString(request)).isEqualTo("{\"type\":\"directory\",\"config\":{\"root\":\"/srv/docs\"}}");
    }

    @Test
    void a_check_that_does_not_answer_in_time_is_killed_and_reported() throws IOException {
        Path java = script("exec sleep 30\n");

        long start = System.nanoTime();
        SourceChecks.Result result =
                checks(java.toString(), null, Duration.ofSeconds(1)).check("web", "{\"startUrls\":[\"https://x/\"]}");

        assertThat(result.ok()).isFalse();
        assertThat(result.message()).startsWith("no answer within 1 s");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void a_worker_that_cannot_start_the_check_is_a_failed_check_with_its_last_output_line() {
        SourceChecks.Result noAnswer =
                SourceChecks.answer("Error: Could not find or load main class ai.enclave.worker.SourceCheck\n", 1);
        SourceChecks.Result noJava = checks(dir.resolve("no-java").toString(), null, SourceChecks.TIMEOUT)
                .check("directory", "{\"root\":\"/srv\"}");

        assertThat(noAnswer)
                .isEqualTo(new SourceChecks.Result(
                        false,
                        "the check gave no answer (exit code 1): Error: Could not find or load main class"
                                + " ai.enclave.worker.SourceCheck"));
        assertThat(noJava.ok()).isFalse();
        assertThat(noJava.message()).startsWith("the check could not start");
    }

    private Path script(String body) throws IOException {
        Path script = dir.resolve("java");
        Files.writeString(script, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }
}
