package ai.enclave.api.openai;

import ai.enclave.audit.domain.AuditOutcome;
import ai.enclave.deployment.domain.Deployment;
import ai.enclave.deployment.service.Deployments;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code GET /v1/models} and {@code GET /v1/models/{model}}: the live deployments, which are the
 * models a key's owner can chat with. Every call is audited.
 */
@Path("models")
@RequestScoped
public class ModelsResource {

    static final String LIST_ACTION = "api-list-models";
    static final String GET_ACTION = "api-get-model";

    @Inject
    ApiCallers callers;

    @Inject
    Deployments deployments;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response list(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        try {
            String caller = callers.authenticate(authorization, LIST_ACTION);
            List<Deployment> live = deployments.live();
            callers.audit(caller, LIST_ACTION, null, live.size() + " live", AuditOutcome.SUCCESS);
            return Response.ok(ModelJson.list(
                            live.stream().map(ModelsResource::json).toList()))
                    .build();
        } catch (OpenAiError e) {
            return e.response();
        } catch (RuntimeException e) {
            return OpenAiError.unexpected(e).response();
        }
    }

    @GET
    @Path("{model}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response get(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("model") String model) {
        String caller = null;
        try {
            caller = callers.authenticate(authorization, GET_ACTION);
            Deployment deployment =
                    named(deployments.live(), model).orElseThrow(() -> OpenAiError.modelNotFound(model));
            callers.audit(caller, GET_ACTION, target(deployment), null, AuditOutcome.SUCCESS);
            return Response.ok(json(deployment).text()).build();
        } catch (OpenAiError e) {
            if (caller != null) {
                callers.audit(caller, GET_ACTION, null, e.getMessage(), AuditOutcome.FAILURE);
            }
            return e.response();
        } catch (RuntimeException e) {
            return OpenAiError.unexpected(e).response();
        }
    }

    /** The live deployment a client means by {@code model}; names are unique among live ones, in any case. */
    static Optional<Deployment> named(List<Deployment> live, String model) {
        String wanted = model.toLowerCase(Locale.ROOT);
        return live.stream()
                .filter(d -> d.getName().toLowerCase(Locale.ROOT).equals(wanted))
                .findFirst();
    }

    /** How API calls name a deployment in the audit log. */
    static String target(Deployment deployment) {
        return "deployment:" + deployment.getId();
    }

    private static ModelJson json(Deployment deployment) {
        return new ModelJson(deployment.getName(), deployment.getCreatedAt());
    }
}
