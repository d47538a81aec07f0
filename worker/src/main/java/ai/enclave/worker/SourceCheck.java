/*
 * `SourceCheck`: the portal's "Test connection" in a short-lived JVM on the worker's class path, so the
 * portal never loads a connector (Tika, JDBC drivers, JGit) itself. It reads one request
 * {"type": "...", "config": {...}} from stdin (never from argv, where secrets would show in `ps`), runs
 * the connector's own `check` through the ConnectorRegistry and prints one JSON line
 * {"ok": true|false, "message": "..."} on stdout; exit 0 when the check passed, 1 otherwise. Stored
 * ("enc:v1:") values are decrypted first with the key file in ENCLAVE_SECRETS_KEY_FILE (SourceSecrets).
 * Not a sync: nothing is read beyond what `check` looks at, and nothing is written anywhere.
 */
package ai.enclave.worker;

import ai.enclave.connectors.spi.CheckResult;
import ai.enclave.connectors.spi.ConnectorContext;
import ai.enclave.connectors.spi.ConnectorRegistry;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

public final class SourceCheck {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SourceCheck() {}

    public static void main(String[] args) throws IOException {
        Locale.setDefault(Locale.ROOT);
        PrintStream answer = System.out;
        // Libraries may print to stdout while checking; only the answer line may go there.
        System.setOut(System.err);
        String request = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        CheckResult result = check(request, SourceSecrets.keyFileFromEnvironment());
        answer.println(answerLine(result));
        answer.flush();
        System.exit(result.ok() ? 0 : 1);
    }

    /**
     * Runs the check the request asks for. Never throws: a bad request, an unknown type, a config the
     * connector refuses and an undecryptable secret are all failed checks with a message (which never
     * holds a secret: the connectors and the cipher leave them out).
     *
     * @param keyFile the secrets key file, or null when the portal has none (then encrypted values fail)
     */
    public static CheckResult check(String requestJson, Path keyFile) {
        JsonNode request;
        try {
            request = JSON.readTree(requestJson);
        } catch (JsonProcessingException e) {
            return CheckResult.failed("the request is not valid JSON: " + e.getOriginalMessage());
        }
        if (request == null
                || !request.path("type").isTextual()
                || !request.path("config").isObject()) {
            return CheckResult.failed("the request needs a \"type\" string and a \"config\" object");
        }
        try {
            JsonNode config = SourceSecrets.decrypted(request.get("config"), keyFile);
            return ConnectorRegistry.load()
                    .check(request.get("type").asText(), config, ConnectorContext.of((item, reason) -> {}));
        } catch (RuntimeException e) {
            return CheckResult.failed(e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    static String answerLine(CheckResult result) {
        return JSON.createObjectNode()
                .put("ok", result.ok())
                .put("message", result.message())
                .toString();
    }
}
