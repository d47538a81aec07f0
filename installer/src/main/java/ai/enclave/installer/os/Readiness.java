package ai.enclave.installer.os;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Waits until a freshly started service answers its health URL with 200, failing early when the
 * process exits and with a message pointing to the log when the timeout passes.
 */
public final class Readiness {

    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Readiness() {}

    public static void awaitHttpOk(String service, String url, Process process, Duration timeout, Path logFile) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (process != null && !process.isAlive()) {
                throw new IllegalStateException(service + " exited during start (exit code " + process.exitValue()
                        + "). See its log: " + logFile);
            }
            if (answersOk(url)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(service + " did not become ready within " + timeout.toSeconds()
                        + " s (" + url + " never answered 200). It is still running; see its log: " + logFile
                        + " (raise ENCLAVE_START_TIMEOUT on a slow machine).");
            }
            DetachedProcess.sleep(Duration.ofMillis(500));
        }
    }

    public static boolean answersOk(String url) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(5))
                    .GET()
                    .build();
            return CLIENT.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }
}
