package ai.enclave.api.openai;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;
import java.util.Set;

/**
 * The OpenAI-compatible API under {@code /v1}, so an unmodified OpenAI client works with
 * {@code baseURL = <portal>/v1}. Authenticated by API key, not by the portal's sign-in
 * ({@code SignInFilter} lets {@code /v1/} through). Its classes are listed because a second
 * application in the same WAR would otherwise pick up every resource of the first.
 */
@ApplicationPath("/v1")
public class OpenAiApplication extends Application {

    /**
     * Jersey (Payara's JAX-RS) holds back up to 8 KiB of every response to compute its
     * Content-Length, flushes notwithstanding, so a streamed reply would arrive in one piece at the
     * end. Off for this API: responses go out chunked, each event when it is written (checked on
     * Payara Micro 7.2026.11). Other JAX-RS implementations ignore the property.
     */
    static final String CONTENT_LENGTH_BUFFER = "jersey.config.server.contentLength.buffer";

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(ModelsResource.class, ChatCompletionsResource.class);
    }

    @Override
    public Map<String, Object> getProperties() {
        return Map.of(CONTENT_LENGTH_BUFFER, 0);
    }
}
