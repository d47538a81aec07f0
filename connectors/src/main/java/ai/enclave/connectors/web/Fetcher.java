package ai.enclave.connectors.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The crawler's only way out to the network: GET requests with {@link HttpClient}, never following
 * redirects itself (the crawler decides about each target), refusing any URL whose host is not on the
 * allowlist (a second line of defence behind the crawler's own checks), waiting between two requests
 * to the same origin, and bounding each exchange in time (headers and body together) and size. One
 * instance per crawl, used from one thread; closing it stops the client.
 */
final class Fetcher implements AutoCloseable {
    /** A complete answer: status, headers and the body (bodies of any status are read, within the limit). */
    record Response(int status, HttpHeaders headers, byte[] body) {
        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    /** A request that gave no answer (refused, timed out, too large); the message says which. */
    static final class FetchException extends IOException {
        FetchException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final HttpClient client;
    private final List<String> allowedHosts;
    private final String userAgent;
    private final Duration timeout;
    private final long defaultDelayNanos;
    private final Map<String, Long> delayNanosByOrigin = new HashMap<>();
    private final Map<String, Long> lastRequestByOrigin = new HashMap<>();

    Fetcher(WebConfig config) {
        this.allowedHosts = config.allowedHosts();
        this.userAgent = config.userAgent();
        this.timeout = Duration.ofSeconds(config.timeoutSeconds());
        this.defaultDelayNanos = TimeUnit.MILLISECONDS.toNanos(config.delayMillis());
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(timeout)
                .build();
    }

    /** A longer pause for one origin (robots.txt Crawl-delay); never shorter than the configured one. */
    void slowDown(String origin, Duration delay) {
        delayNanosByOrigin.put(origin, Math.max(defaultDelayNanos, delay.toNanos()));
    }

    /**
     * GET {@code url}; {@code conditional} holds If-None-Match / If-Modified-Since when known. The body
     * is cut off at {@code maxBytes}, which fails the request.
     */
    Response get(URI url, Map<String, String> conditional, String accept, long maxBytes) throws FetchException {
        if (!WebUrls.allowed(url, allowedHosts)) {
            throw new IllegalStateException("refusing to contact " + url + ": host not on " + allowedHosts);
        }
        String origin = WebUrls.origin(url);
        waitForTurn(origin);
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .GET()
                .timeout(timeout)
                .header("User-Agent", userAgent)
                .header("Accept", accept);
        conditional.forEach(request::header);
        CompletableFuture<HttpResponse<byte[]>> exchange =
                client.sendAsync(request.build(), info -> new LimitedBody(maxBytes));
        try {
            HttpResponse<byte[]> r = exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Response(r.statusCode(), r.headers(), r.body());
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new FetchException("no complete answer within " + timeout.toSeconds() + " s", e);
        } catch (ExecutionException e) {
            throw new FetchException(describe(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new FetchException("interrupted", e);
        } finally {
            lastRequestByOrigin.put(origin, System.nanoTime());
        }
    }

    private void waitForTurn(String origin) throws FetchException {
        Long last = lastRequestByOrigin.get(origin);
        if (last == null) return;
        long wait = last + delayNanosByOrigin.getOrDefault(origin, defaultDelayNanos) - System.nanoTime();
        if (wait <= 0) return;
        try {
            TimeUnit.NANOSECONDS.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FetchException("interrupted", e);
        }
    }

    /** One line for a report: the innermost cause with a message, e.g. "ConnectException: Connection refused". */
    static String describe(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t && (t.getMessage() == null || t instanceof ExecutionException))
            t = t.getCause();
        if (t instanceof TooLarge) return t.getMessage();
        String msg = t.getMessage() == null
                ? ""
                : ": " + t.getMessage().lines().findFirst().orElse("");
        return t.getClass().getSimpleName() + msg;
    }

    @Override
    public void close() {
        client.shutdownNow();
    }

    private static final class TooLarge extends IOException {
        TooLarge(long limit) {
            super("larger than " + limit + " bytes");
        }
    }

    /** Collects the body up to a limit and cancels the exchange beyond it. */
    private static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final long limit;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        LimitedBody(long limit) {
            this.limit = limit;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (result.isDone()) return;
            for (ByteBuffer b : buffers) {
                if (bytes.size() + (long) b.remaining() > limit) {
                    subscription.cancel();
                    result.completeExceptionally(new TooLarge(limit));
                    return;
                }
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                bytes.writeBytes(chunk);
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(bytes.toByteArray());
        }
    }
}
