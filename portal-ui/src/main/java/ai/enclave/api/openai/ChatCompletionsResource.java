package ai.enclave.api.openai;

import ai.enclave.audit.domain.AuditOutcome;
import ai.enclave.chat.service.ServingClient;
import ai.enclave.chat.service.ServingException;
import ai.enclave.common.Json;
import ai.enclave.deployment.domain.Deployment;
import ai.enclave.deployment.service.Deployments;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.UUID;

/**
 * {@code POST /v1/chat/completions}: a reply from a deployed model, whole ({@code chat.completion})
 * or streamed as server-sent events ({@code chat.completion.chunk}s, then {@code data: [DONE]}).
 * The deployment's serving worker generates; this resource checks the key, reads the request,
 * relays and audits. Conversations sent through the API are not stored in the chat history: the
 * client keeps its own, as with OpenAI.
 */
@Path("chat/completions")
@RequestScoped
public class ChatCompletionsResource {

    static final String ACTION = "api-chat-completion";
    static final MediaType EVENT_STREAM = MediaType.SERVER_SENT_EVENTS_TYPE;

    private static final ServingClient SERVING = new ServingClient();

    @Inject
    ApiCallers callers;

    @Inject
    Deployments deployments;

    @Inject
    Clock clock;

    /** Takes any content type: OpenAI clients send JSON, and the body is read as JSON regardless. */
    @POST
    public Response complete(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, String body) {
        String caller = null;
        String target = null;
        try {
            caller = callers.authenticate(authorization, ACTION);
            ChatCompletionRequest request = ChatCompletionRequest.parse(body);
            Deployment deployment = ModelsResource.named(deployments.live(), request.model())
                    .orElseThrow(() -> OpenAiError.modelNotFound(request.model()));
            target = ModelsResource.target(deployment);
            URI endpoint = deployments.endpoint(deployment.getId()).orElseThrow(() -> notReady(request.model()));
            ChatCompletionJson json = new ChatCompletionJson(
                    "chatcmpl-" + UUID.randomUUID().toString().replace("-", ""),
                    clock.instant().getEpochSecond(),
                    deployment.getName());
            return request.stream()
                    ? streamed(caller, target, request, endpoint, json)
                    : whole(caller, target, request, endpoint, json);
        } catch (OpenAiError e) {
            if (caller != null) {
                callers.audit(caller, ACTION, target, e.getMessage(), AuditOutcome.FAILURE);
            }
            return e.response();
        } catch (RuntimeException e) {
            return OpenAiError.unexpected(e).response();
        }
    }

    private Response whole(
            String caller, String target, ChatCompletionRequest request, URI endpoint, ChatCompletionJson json) {
        StringBuilder text = new StringBuilder();
        ServingClient.Outcome outcome;
        try {
            outcome = SERVING.stream(endpoint, request.messages(), request.options(), text::append, () -> false);
        } catch (ServingException e) {
            throw servingFailure(e);
        }
        callers.audit(caller, ACTION, target, summary(false, outcome), AuditOutcome.SUCCESS);
        return Response.ok(json.completion(text.toString(), outcome), MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    /**
     * Waits for the first event before answering, so a refusal by the worker still gets its error
     * status; from then on the status is 200 and a later failure travels as an error event.
     */
    private Response streamed(
            String caller, String target, ChatCompletionRequest request, URI endpoint, ChatCompletionJson json) {
        ReplyFeed feed = ReplyFeed.start(SERVING, endpoint, request.messages(), request.options());
        ReplyFeed.Event first = nextEvent(feed);
        if (first instanceof ReplyFeed.Failed failed) {
            throw servingFailure(failed.failure());
        }
        StreamingOutput events = out -> relay(out, feed, first, caller, target, request, json);
        return Response.ok(events, EVENT_STREAM)
                .header("Cache-Control", "no-cache")
                // Tells a buffering reverse proxy (nginx) to pass each event on at once.
                .header("X-Accel-Buffering", "no")
                .build();
    }

    private void relay(
            OutputStream out,
            ReplyFeed feed,
            ReplyFeed.Event first,
            String caller,
            String target,
            ChatCompletionRequest request,
            ChatCompletionJson json) {
        ReplyFeed.Event event = first;
        try {
            send(out, ChatCompletionJson.event(json.roleChunk()));
            while (event instanceof ReplyFeed.Piece piece) {
                send(out, ChatCompletionJson.event(json.contentChunk(piece.text())));
                event = feed.next();
            }
            if (event instanceof ReplyFeed.Finished finished) {
                send(
                        out,
                        ChatCompletionJson.event(
                                json.finishChunk(finished.outcome().finishReason())));
                if (request.includeUsage()) {
                    send(out, ChatCompletionJson.event(json.usageChunk(finished.outcome())));
                }
                send(out, ChatCompletionJson.DONE_EVENT);
                callers.audit(caller, ACTION, target, summary(true, finished.outcome()), AuditOutcome.SUCCESS);
            } else if (event instanceof ReplyFeed.Failed failed) {
                OpenAiError error = servingFailure(failed.failure());
                send(out, ChatCompletionJson.event(Json.text(error.body())));
                callers.audit(caller, ACTION, target, "stream broke off: " + error.getMessage(), AuditOutcome.FAILURE);
            }
        } catch (IOException e) {
            // The client went away: stop the worker, keep a trace.
            feed.cancel();
            callers.audit(caller, ACTION, target, "client closed the stream", AuditOutcome.FAILURE);
        } catch (InterruptedException e) {
            feed.cancel();
            Thread.currentThread().interrupt();
        }
    }

    private static void send(OutputStream out, String event) throws IOException {
        out.write(event.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static ReplyFeed.Event nextEvent(ReplyFeed feed) {
        try {
            return feed.next();
        } catch (InterruptedException e) {
            feed.cancel();
            Thread.currentThread().interrupt();
            throw new OpenAiError(503, OpenAiError.SERVER_ERROR, null, null, "The request was interrupted.");
        }
    }

    private static OpenAiError notReady(String model) {
        return new OpenAiError(
                503,
                OpenAiError.SERVER_ERROR,
                "model",
                "model_not_ready",
                "The model '" + model + "' is deployed but not ready to answer yet (it may still be loading); "
                        + "try again in a moment.");
    }

    /**
     * The worker either could not be reached (an I/O failure underneath: 503) or answered with a
     * refusal such as "the conversation is N tokens; this model reads at most M" (400, its message
     * passed on, since the request is what has to change). Anything else is unexpected (500).
     * {@code ServingException} has no status of its own, hence the look at its cause.
     */
    static OpenAiError servingFailure(Exception failure) {
        if (failure instanceof ServingException && failure.getCause() instanceof IOException) {
            return new OpenAiError(
                    503,
                    OpenAiError.SERVER_ERROR,
                    null,
                    "model_unavailable",
                    "The model cannot be reached: " + failure.getMessage());
        }
        if (failure instanceof ServingException) {
            return OpenAiError.badField("messages", failure.getMessage());
        }
        return OpenAiError.unexpected(failure);
    }

    private static String summary(boolean stream, ServingClient.Outcome outcome) {
        return (stream ? "stream" : "whole") + ", " + outcome.promptTokens() + " prompt + " + outcome.completionTokens()
                + " completion tokens, finish " + outcome.finishReason();
    }
}
