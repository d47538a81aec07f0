package ai.enclave.connectors.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A real web server for the crawler tests (the JDK's {@code com.sun.net.httpserver} on a free port of
 * 127.0.0.1): pages by path (with optional ETag / Last-Modified, answered with 304 to a matching
 * conditional request), redirects, and a log of every request it received with the time it came, so
 * tests can assert what was and was not fetched. Anything not configured is a 404.
 */
final class TestSite implements AutoCloseable {
    record Page(String contentType, byte[] body, String etag, String lastModified) {}

    record Request(String pathAndQuery, long nanoTime, int status, String userAgent) {}

    private final HttpServer server;
    private final Map<String, Page> pages = new ConcurrentHashMap<>();
    private final Map<String, String> redirects = new ConcurrentHashMap<>();
    private final Map<String, Integer> redirectStatus = new ConcurrentHashMap<>();
    private final List<Request> requests = new ArrayList<>();

    TestSite() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** e.g. {@code http://127.0.0.1:41234} */
    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    String url(String path) {
        return base() + path;
    }

    TestSite html(String path, String title, String body) {
        return page(path, "text/html; charset=utf-8", page(title, body), null, null);
    }

    TestSite page(String path, String contentType, String body, String etag, String lastModified) {
        return page(path, contentType, body.getBytes(StandardCharsets.UTF_8), etag, lastModified);
    }

    TestSite page(String path, String contentType, byte[] body, String etag, String lastModified) {
        pages.put(path, new Page(contentType, body, etag, lastModified));
        return this;
    }

    /** The page answers 404 from now on. */
    TestSite remove(String path) {
        pages.remove(path);
        return this;
    }

    /** The path answers 302 to {@code location} from now on (before any page it holds). */
    TestSite redirect(String path, String location) {
        return redirect(path, location, 302);
    }

    TestSite redirect(String path, String location, int status) {
        redirects.put(path, location);
        redirectStatus.put(path, status);
        return this;
    }

    static String page(String title, String body) {
        return "<!DOCTYPE html><html><head><title>" + title + "</title></head><body>" + body + "</body></html>";
    }

    /** Every link as an anchor, e.g. {@code links("/a", "/b")}. */
    static String links(String... hrefs) {
        StringBuilder sb = new StringBuilder("<ul>");
        for (String h : hrefs)
            sb.append("<li><a href=\"").append(h).append("\">").append(h).append("</a></li>");
        return sb.append("</ul>").toString();
    }

    synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Paths requested, robots.txt and sitemaps left out, in the order they came. */
    List<String> pageRequests() {
        return requests().stream()
                .map(Request::pathAndQuery)
                .filter(p -> !p.equals("/robots.txt") && !p.contains("sitemap"))
                .toList();
    }

    long answered(int status) {
        return requests().stream().filter(r -> r.status() == status).count();
    }

    synchronized void forgetRequests() {
        requests.clear();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getRawPath()
                    + (ex.getRequestURI().getRawQuery() == null
                            ? ""
                            : "?" + ex.getRequestURI().getRawQuery());
            String redirect = redirects.get(path);
            Page page = pages.get(path);
            String inm = ex.getRequestHeaders().getFirst("If-None-Match");
            String ims = ex.getRequestHeaders().getFirst("If-Modified-Since");
            int status;
            if (redirect != null) status = redirectStatus.get(path);
            else if (page == null) status = 404;
            else if ((inm != null && inm.equals(page.etag()))
                    || (inm == null && ims != null && ims.equals(page.lastModified()))) status = 304;
            else status = 200;
            // logged before answering, so a crawl that has its answer always finds its request logged
            synchronized (this) {
                requests.add(new Request(
                        path, System.nanoTime(), status, ex.getRequestHeaders().getFirst("User-Agent")));
            }
            if (page != null && page.etag() != null) ex.getResponseHeaders().set("ETag", page.etag());
            if (page != null && page.lastModified() != null)
                ex.getResponseHeaders().set("Last-Modified", page.lastModified());
            byte[] body = switch (status) {
                case 200 -> page.body();
                case 404 -> "not here".getBytes(StandardCharsets.UTF_8);
                default -> null;
            };
            if (redirect != null) ex.getResponseHeaders().set("Location", redirect);
            if (status == 200) ex.getResponseHeaders().set("Content-Type", page.contentType());
            ex.sendResponseHeaders(status, body == null ? -1 : body.length);
            if (body != null) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
