package ai.enclave.portal.platform;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/**
 * The readiness probe the launcher polls, open without sign-in. The portal is UP once deployed; the
 * database state is reported beside it, not folded in, so a database outage does not make the
 * supervisor think the portal itself died.
 */
@Path("health")
@RequestScoped
public class HealthResource {

    @Inject
    DatabaseStatus database;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> health() {
        return Map.of("status", "UP", "database", database.isAvailable() ? "UP" : "DOWN");
    }
}
