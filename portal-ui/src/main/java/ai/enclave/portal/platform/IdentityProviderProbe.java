package ai.enclave.portal.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/**
 * Answers "can the identity provider be reached right now?" before a browser is sent to it. The
 * OpenID Connect mechanism caches the provider's metadata, so once Keycloak goes down it would
 * still redirect people to a dead sign-in page; this check lets the portal say so instead. The
 * answer is kept for a few seconds so a burst of page loads costs one request.
 */
@ApplicationScoped
public class IdentityProviderProbe {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final Duration KEEP_ANSWER = Duration.ofSeconds(5);

    @Inject
    PortalSettings settings;

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private volatile Answer last = new Answer(false, Instant.EPOCH);

    private record Answer(boolean reachable, Instant at) {}

    public boolean isReachable() {
        Answer answer = last;
        if (answer.at().plus(KEEP_ANSWER).isAfter(Instant.now())) {
            return answer.reachable();
        }
        boolean reachable = ask();
        last = new Answer(reachable, Instant.now());
        return reachable;
    }

    private boolean ask() {
        HttpRequest discovery = HttpRequest.newBuilder(
                        URI.create(settings.getOidcProviderUri() + "/.well-known/openid-configuration"))
                .timeout(TIMEOUT)
                .build();
        try {
            return client.send(discovery, HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
