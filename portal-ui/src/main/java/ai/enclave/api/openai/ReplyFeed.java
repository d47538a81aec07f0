package ai.enclave.api.openai;

import ai.enclave.chat.service.ServingClient;
import ai.enclave.chat.service.ServingException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A reply being generated on a virtual thread, read as a queue of events. It lets the streaming
 * endpoint wait for the first event before it commits to HTTP 200: a refusal by the worker (the
 * conversation is longer than the model reads) still becomes a proper error status, while every
 * later piece is relayed as it arrives. The generating thread only talks HTTP to the worker, so it
 * needs no container context. {@link #cancel} ends generation (the worker stops when its
 * connection closes).
 */
final class ReplyFeed {

    sealed interface Event permits Piece, Finished, Failed {}

    /** A piece of the reply's text. */
    record Piece(String text) implements Event {}

    /** Generation ended; always the last event unless {@link Failed} is. */
    record Finished(ServingClient.Outcome outcome) implements Event {}

    record Failed(Exception failure) implements Event {}

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private volatile boolean cancelled;

    private ReplyFeed() {}

    static ReplyFeed start(
            ServingClient serving, URI endpoint, List<ServingClient.Message> messages, ServingClient.Options options) {
        ReplyFeed feed = new ReplyFeed();
        Thread.ofVirtual().name("openai-reply").start(() -> feed.generate(serving, endpoint, messages, options));
        return feed;
    }

    private void generate(
            ServingClient serving, URI endpoint, List<ServingClient.Message> messages, ServingClient.Options options) {
        try {
            events.add(new Finished(
                    serving.stream(endpoint, messages, options, text -> events.add(new Piece(text)), () -> cancelled)));
        } catch (ServingException | RuntimeException e) {
            events.add(new Failed(e));
        }
    }

    /** The next event, waiting for it. */
    Event next() throws InterruptedException {
        return events.take();
    }

    void cancel() {
        cancelled = true;
    }
}
