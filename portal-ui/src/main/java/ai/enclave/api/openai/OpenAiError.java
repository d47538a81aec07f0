package ai.enclave.api.openai;

import ai.enclave.common.Json;
import ai.enclave.portal.platform.DatabaseStatus;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A refused or failed API call, answered in OpenAI's error shape
 * ({@code {"error":{"message","type","param","code"}}}) so that OpenAI client libraries raise
 * their usual typed errors. Thrown inside the resources and turned into a response at their edge;
 * it is not a JAX-RS exception mapper, so the API's errors never leak into the portal's other APIs.
 */
final class OpenAiError extends RuntimeException {

    private static final Logger LOG = Logger.getLogger(OpenAiError.class.getName());

    static final String INVALID_REQUEST = "invalid_request_error";
    static final String SERVER_ERROR = "server_error";

    private final int status;
    private final String type;
    private final String param;
    private final String code;

    OpenAiError(int status, String type, String param, String code, String message) {
        super(message);
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
    }

    /** 400: a field of the request body is missing or wrong; {@code param} names it. */
    static OpenAiError badField(String param, String message) {
        return new OpenAiError(400, INVALID_REQUEST, param, null, message);
    }

    /** 401: no key, an unknown key or a revoked key. */
    static OpenAiError invalidKey(String message) {
        return new OpenAiError(401, INVALID_REQUEST, null, "invalid_api_key", message);
    }

    /** 404: no live deployment answers to this name. */
    static OpenAiError modelNotFound(String model) {
        return new OpenAiError(
                404,
                INVALID_REQUEST,
                "model",
                "model_not_found",
                "The model '" + model + "' does not exist or is not deployed; GET /v1/models lists those that are.");
    }

    /**
     * 503 when the database is down (nothing can be checked then), else 500; the failure is logged
     * in full, the client only learns that it happened.
     */
    static OpenAiError unexpected(Exception failure) {
        if (DatabaseStatus.isOutage(failure)) {
            LOG.warning("API call failed: database unavailable");
            return new OpenAiError(
                    503, SERVER_ERROR, null, "database_unavailable", "Enclave cannot reach its database right now.");
        }
        LOG.log(Level.SEVERE, "API call failed", failure);
        return new OpenAiError(
                500, SERVER_ERROR, null, null, "The request failed; the error was logged on the server.");
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    /** The error object alone, as an SSE data line carries it once a stream has begun. */
    ObjectNode body() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", getMessage());
        error.put("type", type);
        error.put("param", param);
        error.put("code", code);
        return root;
    }

    Response response() {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Json.text(body()))
                .build();
    }
}
