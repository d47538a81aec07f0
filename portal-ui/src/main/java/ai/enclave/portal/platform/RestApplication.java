package ai.enclave.portal.platform;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/**
 * The portal's JSON API lives under {@code /api}; the OpenAI-compatible API has its own root
 * ({@code ai.enclave.api.openai.OpenAiApplication}, {@code /v1}). Each application lists its
 * classes, since with two in one WAR an empty list would pull every resource into both.
 */
@ApplicationPath("/api")
public class RestApplication extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(HealthResource.class);
    }
}
