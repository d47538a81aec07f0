package ai.enclave.data.ui;

import ai.enclave.common.Json;
import ai.enclave.portal.platform.PortalSettings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * "Test connection": runs the connector's real {@code check} in a short-lived JVM on the worker's class
 * path ({@code ai.enclave.worker.SourceCheck}), the request on its stdin so no secret is ever on a
 * command line, the secrets key file in its environment so stored ({@code enc:v1:}) values can be
 * decrypted there. The portal itself loads no connector. A check that does not answer within
 * {@link #TIMEOUT} is killed and reported as such.
 *
 * <p>Not a sync and not a queue: nothing is recorded, and each click starts one process.
 */
@ApplicationScoped
public class SourceChecks {

    private static final Logger LOG = Logger.getLogger(SourceChecks.class.getName());

    /** How long a check may take: an unreachable host or a slow fetch ends in a failed check, not a hang. */
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    static final String MAIN_CLASS = "ai.enclave.worker.SourceCheck";
    static final String KEY_FILE_ENV = "ENCLAVE_SECRETS_KEY_FILE";

    /** What the page shows: whether the check passed, and the connector's message. */
    public record Result(boolean ok, String message) {
        public Result {
            Objects.requireNonNull(message, "message is null");
        }
    }

    /**
     * @param java the java binary, e.g. {@code /opt/enclave/jdk/bin/java}
     * @param classpath the worker jar and its libraries
     * @param keyFile the secrets key file, e.g. {@code /var/lib/enclave/portal/secrets.key}; null: none
     */
    record Settings(String java, String classpath, String keyFile, Duration timeout) {
        Settings {
            Objects.requireNonNull(java, "java is null");
            Objects.requireNonNull(classpath, "classpath is null");
            Objects.requireNonNull(timeout, "timeout is null");
        }
    }

    @Resource
    ManagedExecutorService executor;

    private Settings settings;

    /** For CDI. */
    protected SourceChecks() {}

    @Inject
    SourceChecks(PortalSettings portal) {
        this(new Settings(portal.getWorkerJava(), portal.getWorkerClasspath(), portal.getSecretsKeyFile(), TIMEOUT));
    }

    SourceChecks(Settings settings) {
        this.settings = settings;
    }

    /** The check on the server's managed executor; the page shows the result when it comes. */
    public CompletableFuture<Result> checkLater(String type, String configJson) {
        return CompletableFuture.supplyAsync(() -> check(type, configJson), executor);
    }

    /** Runs one check and waits for its answer (at most the timeout). Never throws for a failed check. */
    public Result check(String type, String configJson) {
        ObjectNode request = Json.MAPPER.createObjectNode().put("type", type);
        request.set("config", Json.object(configJson, "config"));
        Process process;
        try {
            process = processFor().start();
        } catch (IOException e) {
            LOG.warning("the source check could not start: " + e.getMessage());
            return new Result(false, "the check could not start (" + e.getMessage() + ")");
        }
        // Read the output while the check runs, so a chatty check never blocks on a full pipe.
        CompletableFuture<String> output = new CompletableFuture<>();
        Thread.ofVirtual().name("source-check-output").start(() -> output.complete(readAll(process.getInputStream())));
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(Json.text(request).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the process died before reading its request: its output says why
        }
        try {
            if (!process.waitFor(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return new Result(
                        false, "no answer within " + settings.timeout().toSeconds() + " s (is the source reachable?)");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return new Result(false, "the check was interrupted");
        }
        return answer(output.join(), process.exitValue());
    }

    /** The check's process, ready to start: no argument but the main class, the key file in the environment. */
    ProcessBuilder processFor() {
        ProcessBuilder builder = new ProcessBuilder(List.of(settings.java(), "-cp", settings.classpath(), MAIN_CLASS));
        if (settings.keyFile() != null && !settings.keyFile().isBlank()) {
            builder.environment().put(KEY_FILE_ENV, settings.keyFile());
        } else {
            builder.environment().remove(KEY_FILE_ENV);
        }
        // stderr too: when the JVM cannot start the check, its last line is the reason shown
        builder.redirectErrorStream(true);
        return builder;
    }

    /** The answer is the last line of the output that is a JSON object with "ok" and "message". */
    static Result answer(String output, int exitCode) {
        List<String> lines = output.lines().map(String::strip).toList();
        for (String line : lines.reversed()) {
            if (line.startsWith("{")) {
                try {
                    JsonNode answer = Json.MAPPER.readTree(line);
                    if (answer.path("ok").isBoolean() && answer.path("message").isTextual()) {
                        return new Result(
                                answer.get("ok").asBoolean(),
                                answer.get("message").asText());
                    }
                } catch (IOException e) {
                    // not the answer: some other output that happens to start with a brace
                }
            }
        }
        String last =
                lines.stream().filter(l -> !l.isEmpty()).reduce((a, b) -> b).orElse("no output");
        return new Result(false, "the check gave no answer (exit code " + exitCode + "): " + last);
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
