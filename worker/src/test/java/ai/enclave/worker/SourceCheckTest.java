/*
 * SourceCheck on real folders: in this JVM through check(), and once as the child JVM the portal
 * starts (request on stdin, one JSON line on stdout, exit code). No database needed.
 */
package ai.enclave.worker;

import static org.assertj.core.api.Assertions.assertThat;

import ai.enclave.connectors.spi.CheckResult;
import ai.enclave.secrets.SecretCipher;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceCheckTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void a_readable_directory_passes_the_check_with_what_it_holds() throws IOException {
        Path share = Files.createDirectories(dir.resolve("share"));
        Files.writeString(share.resolve("a.txt"), "hello");

        CheckResult result = SourceCheck.check(request("directory", share.toString()), null);

        assertThat(result.ok()).as(result.message()).isTrue();
        assertThat(result.message()).contains("share").contains("1 entries");
    }

    @Test
    void a_missing_directory_fails_the_check_naming_it() {
        CheckResult result =
                SourceCheck.check(request("directory", dir.resolve("gone").toString()), null);

        assertThat(result.ok()).isFalse();
        assertThat(result.message()).contains("gone");
    }

    @Test
    void an_unknown_type_and_a_request_without_config_fail_with_a_message_instead_of_throwing() {
        CheckResult unknown = SourceCheck.check("{\"type\":\"ftp\",\"config\":{}}", null);
        CheckResult noConfig = SourceCheck.check("{\"type\":\"directory\"}", null);
        CheckResult notJson = SourceCheck.check("{", null);

        assertThat(unknown.ok()).isFalse();
        assertThat(unknown.message()).contains("ftp").contains("directory");
        assertThat(noConfig.ok()).isFalse();
        assertThat(noConfig.message()).contains("config");
        assertThat(notJson.ok()).isFalse();
    }

    @Test
    void encrypted_values_are_decrypted_with_the_key_file_before_the_check() throws IOException {
        Path share = Files.createDirectories(dir.resolve("secret-share"));
        Path keyFile = keyFile();
        String request = request("directory", SecretCipher.fromKeyFile(keyFile).encrypt(share.toString()));

        CheckResult withKey = SourceCheck.check(request, keyFile);
        CheckResult withoutKey = SourceCheck.check(request, null);

        assertThat(withKey.ok()).as(withKey.message()).isTrue();
        assertThat(withoutKey.ok()).isFalse();
        assertThat(withoutKey.message()).contains(SourceSecrets.KEY_FILE_ENV);
    }

    @Test
    void as_a_child_jvm_it_reads_stdin_and_prints_one_json_line_with_exit_0_or_1() throws Exception {
        Path share = Files.createDirectories(dir.resolve("share"));

        Answer ok = runChild(request("directory", share.toString()));
        Answer missing = runChild(request("directory", dir.resolve("gone").toString()));

        assertThat(ok.exit()).as(ok.stdout()).isZero();
        assertThat(ok.stdout().lines().toList()).hasSize(1);
        assertThat(JSON.readTree(ok.stdout()).get("ok").asBoolean()).isTrue();
        assertThat(missing.exit()).isEqualTo(1);
        JsonNode failed = JSON.readTree(missing.stdout());
        assertThat(failed.get("ok").asBoolean()).isFalse();
        assertThat(failed.get("message").asText()).contains("gone");
    }

    private record Answer(int exit, String stdout) {}

    /** Starts SourceCheck as the portal does: the request on stdin, nothing on the command line. */
    private static Answer runChild(String request) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process process = new ProcessBuilder(
                        List.of(java, "-cp", System.getProperty("java.class.path"), SourceCheck.class.getName()))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(request.getBytes(StandardCharsets.UTF_8));
        }
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Answer(process.exitValue(), stdout);
    }

    private static String request(String type, String root) {
        ObjectNode request = JSON.createObjectNode().put("type", type);
        request.putObject("config").put("root", root);
        return request.toString();
    }

    /** A key file in the installer's format: 32 random bytes, base64, one line. */
    private Path keyFile() throws IOException {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Files.writeString(dir.resolve("secrets.key"), Base64.getEncoder().encodeToString(key) + "\n");
    }
}
