package ai.enclave.connectors.web;

import ai.enclave.connectors.directory.TextExtractor;
import ai.enclave.connectors.spi.CheckResult;
import ai.enclave.connectors.spi.ConnectorContext;
import ai.enclave.connectors.spi.Document;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.tika.mime.MimeTypes;

/**
 * One crawl, breadth first from the start URLs: a frontier of (URL, depth) in discovery order, every
 * normalised URL taken once, robots.txt loaded per origin before its first page (with its Crawl-delay
 * and its sitemaps, plus the origin's /sitemap.xml), at most {@code maxPages} page requests. A URL is
 * fetched only when its host is on the allowlist, it matches the include/exclude patterns (start URLs
 * always do), robots.txt allows it and its extension is not an image, style sheet, script, media file
 * or archive. Redirects are not followed by the client: an allowed target joins the front of the
 * frontier at the same depth, any other is reported. A permanent redirect (301, 308) makes the URL gone, like
 * a 404, so a store keeps the page under its target's URL only; a temporary one (302, 303, 307: a login
 * page, maintenance) leaves what the store holds. With the previous crawl's {@link WebCursor} a page
 * is requested conditionally; a 304 or the same extracted text makes it unchanged, and its stored links
 * keep the crawl going. Used from one thread; pages that fail are reported to the context and skipped.
 */
final class Crawl implements AutoCloseable {
    /**
     * One page reached: its document when it is new or changed (null when unchanged or noindex), its size,
     * its Last-Modified (else the fetch time) and its entry for the next crawl's cursor.
     */
    record Visit(String url, Document document, long bytes, Instant modified, WebCursor.Entry entry) {}

    private record Target(URI url, int depth, boolean seed) {}

    /** The answer about one origin's robots.txt, and a line saying what it was. */
    record Robots(RobotsTxt rules, String summary, boolean reachable) {}

    static final String TYPE = "web";
    /** A site asking for more than a minute between requests is obeyed as if it asked for a minute. */
    static final Duration MAX_CRAWL_DELAY = Duration.ofSeconds(60);
    /** Sitemap files per crawl, and how deep sitemap indexes may nest. */
    static final int MAX_SITEMAPS = 100, MAX_SITEMAP_NESTING = 2;

    private static final String ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5";
    private static final Pattern NOT_DOCUMENTS = Pattern.compile(
            "\\.(png|jpe?g|gif|webp|bmp|ico|svg|tiff?|css|js|mjs|map|woff2?|ttf|otf|eot|mp3|mp4|m4a|avi|mov|mkv|webm"
                    + "|wav|ogg|flac|zip|gz|tgz|bz2|xz|7z|rar|tar|jar|war|exe|msi|dmg|iso|bin|apk|deb|rpm)$",
            Pattern.CASE_INSENSITIVE);

    private final WebConfig config;
    private final WebCursor previous;
    private final ConnectorContext context;
    private final TextExtractor extractor;
    private final Fetcher fetcher;
    private final List<Pattern> include, exclude;
    private final Deque<Target> frontier = new ArrayDeque<>();
    private final Set<String> seen = new HashSet<>();
    private final Map<String, RobotsTxt> robotsByOrigin = new HashMap<>();
    private final Set<String> sitemapsSeen = new HashSet<>();
    /**
     * Pages that answered 404, 410 or a permanent redirect: gone under that URL, whatever a store held for
     * them (a moved page is stored under its target's URL when the crawl may fetch it).
     */
    private final Set<String> gone = new HashSet<>();
    /** Whether a page or robots.txt failed in a way that may pass (no answer, 5xx), hiding what it links to. */
    private boolean troubled;

    private int pageRequests;
    private boolean finished;

    Crawl(WebConfig config, WebCursor previous, ConnectorContext context, TextExtractor extractor) {
        this.config = config;
        this.previous = previous;
        this.context = context;
        this.extractor = extractor;
        this.fetcher = new Fetcher(config);
        this.include = config.include().stream().map(Pattern::compile).toList();
        this.exclude = config.exclude().stream().map(Pattern::compile).toList();
        for (String s : config.startUrls()) {
            if (seen.add(s)) frontier.addLast(new Target(URI.create(s), 0, true));
        }
    }

    /** The next page reached, or null when the crawl is over (frontier empty or {@code maxPages} used). */
    Visit next() {
        while (!frontier.isEmpty() && pageRequests < config.maxPages()) {
            Target t = frontier.pollFirst();
            if (!robots(t.url()).allows(t.url())) {
                context.skip(t.url().toString(), "disallowed by robots.txt");
                continue;
            }
            Visit v = fetch(t);
            if (v != null) return v;
        }
        finished = frontier.isEmpty();
        return null;
    }

    /** The URLs that answered 404, 410 or a permanent redirect so far. */
    Set<String> gone() {
        return gone;
    }

    /**
     * Whether the crawl is over and reached every page linked within its bounds without a failure that
     * may pass: only then is a page it did not reach really gone (not hidden behind a page that timed out,
     * a 503, or {@code maxPages}).
     */
    boolean complete() {
        return finished && !troubled;
    }

    /** After a {@link #complete} crawl: whether a URL is still part of the site. */
    boolean reached(String url) {
        return seen.contains(url) && !gone.contains(url);
    }

    private Visit fetch(Target t) {
        String url = t.url().toString();
        WebCursor.Entry old = previous.get(url);
        Map<String, String> conditional = new HashMap<>();
        if (old != null && old.etag() != null) conditional.put("If-None-Match", old.etag());
        if (old != null && old.lastModified() != null) conditional.put("If-Modified-Since", old.lastModified());
        pageRequests++;
        Fetcher.Response r;
        try {
            r = fetcher.get(t.url(), conditional, ACCEPT, context.maxItemBytes());
        } catch (Fetcher.FetchException e) {
            troubled = true;
            context.skip(url, "cannot fetch: " + e.getMessage());
            return null;
        }
        Instant fetched = Instant.now();
        int status = r.status();
        if (status == 304 && old != null) {
            List<URI> links = old.links().stream().map(WebUrls::parse).toList();
            follow(t, links);
            WebCursor.Entry entry = new WebCursor.Entry(
                    orElse(r.header("ETag"), old.etag()),
                    orElse(r.header("Last-Modified"), old.lastModified()),
                    old.sha256(),
                    old.links());
            return new Visit(url, null, 0, modified(entry.lastModified(), fetched), entry);
        }
        if (isRedirect(status)) {
            if (status == 301 || status == 308) gone.add(url);
            String location = r.header("Location");
            URI to = location == null ? null : WebUrls.resolve(t.url(), location);
            if (to == null) {
                context.skip(url, "HTTP " + status + " without a usable Location");
            } else if (!inScope(to, t.seed())) {
                context.skip(url, "redirect to " + to + " not followed (outside allowedHosts or include/exclude)");
            } else if (seen.add(to.toString())) {
                frontier.addFirst(new Target(to, t.depth(), t.seed()));
            }
            return null;
        }
        if (status < 200 || status >= 300) {
            if (status == 404 || status == 410) gone.add(url);
            else if (status >= 500) troubled = true;
            context.skip(url, "HTTP " + status);
            return null;
        }
        Extracted x = extract(t.url(), r);
        if (x == null) return null;
        List<URI> links = x.links().stream().filter(u -> inScope(u, false)).toList();
        follow(t, links);
        WebCursor.Entry entry = new WebCursor.Entry(
                r.header("ETag"),
                r.header("Last-Modified"),
                sha256(x.text()),
                links.stream().map(URI::toString).toList());
        Instant modified = modified(entry.lastModified(), fetched);
        if (x.notKept() != null) {
            context.skip(url, x.notKept());
            return new Visit(url, null, r.body().length, modified, entry);
        }
        if (old != null && entry.sha256().equals(old.sha256())) {
            return new Visit(url, null, r.body().length, modified, entry);
        }
        Map<String, String> meta = new HashMap<>();
        meta.put("source_type", TYPE);
        meta.put("url", url);
        meta.put("fetched", fetched.toString());
        meta.put("depth", Integer.toString(t.depth()));
        meta.put("content_type", x.contentType());
        meta.put("kind", "prose");
        if (!x.title().isBlank()) meta.put("title", x.title());
        if (entry.etag() != null) meta.put("etag", entry.etag());
        if (entry.lastModified() != null) {
            Instant parsed = modified(entry.lastModified(), null);
            meta.put("last_modified", parsed == null ? entry.lastModified() : parsed.toString());
        }
        return new Visit(url, new Document(url, x.text(), meta), r.body().length, modified, entry);
    }

    /** {@code notKept}: why the page gives no document although its links are followed (else null). */
    private record Extracted(String title, String text, String contentType, List<URI> links, String notKept) {}

    /** Text, title and links of a 2xx answer; null (reported) when it has no text worth keeping. */
    private Extracted extract(URI url, Fetcher.Response r) {
        String contentType = orElse(r.header("Content-Type"), "");
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (type.isEmpty()) type = looksLikeHtml(r.body()) ? "text/html" : "application/octet-stream";
        if (type.startsWith("image/")
                || type.startsWith("audio/")
                || type.startsWith("video/")
                || type.startsWith("font/")
                || type.equals("text/css")
                || type.contains("javascript")) {
            context.skip(url.toString(), "not a document (" + type + ")");
            return null;
        }
        if (type.equals("text/html") || type.equals("application/xhtml+xml")) {
            HtmlPage page;
            try {
                page = HtmlPage.parse(r.body(), charset(contentType), url, config.robotsName());
            } catch (IOException | RuntimeException e) {
                context.skip(url.toString(), "cannot parse HTML: " + Fetcher.describe(e));
                return null;
            }
            // a page without text still has links to follow: a page of links only is how many intranets start
            String notKept = page.noindex()
                    ? "robots meta tag says noindex"
                    : page.text().isBlank() ? "no text (" + type + ")" : null;
            return new Extracted(page.title(), page.text(), type, page.links(), notKept);
        }
        TextExtractor.Extraction x = extractFile(url, type, r.body());
        if (!x.ok()) {
            context.skip(url.toString(), x.failure());
            return null;
        }
        String detected = x.contentType() == null ? type : x.contentType();
        return new Extracted(orElse(x.title(), ""), x.text(), detected, List.of(), null);
    }

    /**
     * Documents other than HTML go through the same {@link TextExtractor} as files on a share, which
     * reads a file: the body is written to a temporary file named with the URL's extension (or one for
     * the content type) so the extractor picks the same parser it would for that file.
     */
    private TextExtractor.Extraction extractFile(URI url, String type, byte[] body) {
        String name = url.getPath().substring(url.getPath().lastIndexOf('/') + 1);
        String ext = TextExtractor.extension(name);
        String suffix;
        if (ext.matches("[a-z0-9]{1,5}")) {
            suffix = "." + ext;
        } else {
            try {
                suffix = MimeTypes.getDefaultMimeTypes().forName(type).getExtension();
            } catch (Exception e) {
                suffix = "";
            }
        }
        Path tmp = null;
        try {
            tmp = Files.createTempFile("enclave-web-", suffix.isEmpty() ? ".bin" : suffix);
            Files.write(tmp, body);
            return extractor.extract(tmp);
        } catch (IOException e) {
            return new TextExtractor.Extraction(null, null, null, "cannot buffer the body: " + e.getMessage());
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    tmp.toFile().deleteOnExit();
                }
            }
        }
    }

    private void follow(Target from, List<URI> links) {
        if (from.depth() >= config.maxDepth()) return;
        for (URI link : links) {
            if (link != null && inScope(link, false) && seen.add(link.toString()))
                frontier.addLast(new Target(link, from.depth() + 1, false));
        }
    }

    private boolean inScope(URI url, boolean seed) {
        if (!WebUrls.allowed(url, config.allowedHosts())) return false;
        if (seed) return true;
        String s = url.toString();
        if (NOT_DOCUMENTS.matcher(url.getRawPath()).find()) return false;
        if (!include.isEmpty() && include.stream().noneMatch(p -> p.matcher(s).find())) return false;
        return exclude.stream().noneMatch(p -> p.matcher(s).find());
    }

    /** The rules for the URL's origin, loaded on first use together with the origin's sitemaps. */
    private RobotsTxt robots(URI url) {
        String origin = WebUrls.origin(url);
        RobotsTxt known = robotsByOrigin.get(origin);
        if (known != null) return known;
        Robots r = fetchRobots(url);
        robotsByOrigin.put(origin, r.rules());
        if (!r.reachable()) {
            troubled = true;
            context.skip(origin + "/robots.txt", r.summary() + "; nothing on this host is crawled");
        }
        if (r.rules().crawlDelaySeconds() > 0) {
            long millis = (long) (r.rules().crawlDelaySeconds() * 1000);
            fetcher.slowDown(origin, Duration.ofMillis(Math.min(millis, MAX_CRAWL_DELAY.toMillis())));
        }
        if (config.maxDepth() >= 1 && r.reachable()) {
            Set<String> sitemaps = new LinkedHashSet<>(r.rules().sitemaps());
            sitemaps.add(origin + "/sitemap.xml");
            for (String s : sitemaps) loadSitemap(s, 0, !s.equals(origin + "/sitemap.xml"));
        }
        return r.rules();
    }

    /** GET /robots.txt of the URL's origin: 2xx parsed, 4xx (or redirects away) allow all, else nothing allowed. */
    Robots fetchRobots(URI url) {
        URI robotsUrl = URI.create(WebUrls.origin(url) + "/robots.txt");
        Fetcher.Response r;
        try {
            r = getFollowingRedirects(robotsUrl, 4L << 20);
        } catch (Fetcher.FetchException e) {
            return new Robots(RobotsTxt.disallowAll(), "robots.txt unreachable (" + e.getMessage() + ")", false);
        }
        int s = r.status();
        if (s >= 200 && s < 300) {
            byte[] body = r.body().length > RobotsTxt.MAX_BYTES
                    ? java.util.Arrays.copyOf(r.body(), RobotsTxt.MAX_BYTES)
                    : r.body();
            RobotsTxt rules = RobotsTxt.parse(new String(body, StandardCharsets.UTF_8), config.robotsName());
            return new Robots(rules, "robots.txt: " + rules.describe(), true);
        }
        if (s < 500) return new Robots(RobotsTxt.allowAll(), "no robots.txt (HTTP " + s + ")", true);
        return new Robots(RobotsTxt.disallowAll(), "robots.txt answered HTTP " + s, false);
    }

    private void loadSitemap(String location, int nesting, boolean declared) {
        URI url = WebUrls.parse(location);
        if (url == null || !WebUrls.allowed(url, config.allowedHosts())) {
            if (declared) context.skip(location, "sitemap not fetched (not an allowed http(s) URL)");
            return;
        }
        if (!sitemapsSeen.add(url.toString()) || sitemapsSeen.size() > MAX_SITEMAPS) return;
        if (!robots(url).allows(url)) {
            if (declared) context.skip(url.toString(), "sitemap disallowed by robots.txt");
            return;
        }
        Sitemap sitemap;
        try {
            Fetcher.Response r = getFollowingRedirects(url, Sitemap.MAX_UNCOMPRESSED);
            if (r.status() < 200 || r.status() >= 300) {
                if (declared || r.status() != 404) context.skip(url.toString(), "sitemap: HTTP " + r.status());
                return;
            }
            sitemap = Sitemap.parse(r.body());
        } catch (IOException e) {
            context.skip(url.toString(), "sitemap: " + e.getMessage());
            return;
        }
        if (sitemap.isIndex()) {
            if (nesting >= MAX_SITEMAP_NESTING) {
                context.skip(url.toString(), "sitemap index nested deeper than " + MAX_SITEMAP_NESTING);
                return;
            }
            for (String child : sitemap.locations()) loadSitemap(child, nesting + 1, true);
            return;
        }
        for (String loc : sitemap.locations()) {
            URI page = WebUrls.parse(loc);
            if (page != null && inScope(page, false) && seen.add(page.toString()))
                frontier.addLast(new Target(page, 1, false));
        }
    }

    /** For robots.txt and sitemaps: up to 5 redirects (RFC 9309), within the allowlist only. */
    private Fetcher.Response getFollowingRedirects(URI url, long maxBytes) throws Fetcher.FetchException {
        URI current = url;
        for (int hop = 0; ; hop++) {
            Fetcher.Response r = fetcher.get(current, Map.of(), "*/*", maxBytes);
            if (!isRedirect(r.status()) || hop == 5) return r;
            String location = r.header("Location");
            URI to = location == null ? null : WebUrls.resolve(current, location);
            if (to == null || !WebUrls.allowed(to, config.allowedHosts())) return r;
            current = to;
        }
    }

    /** check(): robots.txt and the first start URL, one request each, nothing else. */
    CheckResult check() {
        URI start = URI.create(config.startUrls().getFirst());
        Robots robots = fetchRobots(start);
        if (!robots.reachable()) return CheckResult.failed("cannot crawl " + start + ": " + robots.summary());
        if (!robots.rules().allows(start))
            return CheckResult.failed(robots.summary() + "; it disallows " + start + " for " + config.robotsName());
        Fetcher.Response r;
        try {
            r = fetcher.get(start, Map.of(), ACCEPT, context.maxItemBytes());
        } catch (Fetcher.FetchException e) {
            return CheckResult.failed("cannot fetch " + start + ": " + e.getMessage());
        }
        String type = orElse(r.header("Content-Type"), "no content type");
        if (isRedirect(r.status())) {
            URI to = WebUrls.resolve(start, orElse(r.header("Location"), ""));
            if (to == null || !WebUrls.allowed(to, config.allowedHosts()))
                return CheckResult.failed(start + " redirects to " + r.header("Location") + ", outside allowedHosts "
                        + config.allowedHosts());
            return CheckResult.ok(start + ": HTTP " + r.status() + " to " + to + "; " + robots.summary());
        }
        if (r.status() < 200 || r.status() >= 300)
            return CheckResult.failed(start + ": HTTP " + r.status() + "; " + robots.summary());
        return CheckResult.ok(
                start + ": HTTP " + r.status() + ", " + type + ", " + r.body().length + " bytes; " + robots.summary());
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static boolean looksLikeHtml(byte[] body) {
        String head = new String(body, 0, Math.min(body.length, 512), StandardCharsets.ISO_8859_1)
                .stripLeading()
                .toLowerCase(Locale.ROOT);
        return head.startsWith("<!doctype html") || head.startsWith("<html");
    }

    /** The charset parameter of a Content-Type, or null to let jsoup look at BOM and meta tags. */
    private static String charset(String contentType) {
        for (String part : contentType.split(";")) {
            String p = part.strip();
            if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                String name = p.substring(8).replace("\"", "").strip();
                return Charset.isSupported(name) ? name : null;
            }
        }
        return null;
    }

    private static Instant modified(String lastModified, Instant fallback) {
        if (lastModified == null) return fallback;
        try {
            return ZonedDateTime.parse(lastModified, DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
        } catch (RuntimeException e) {
            return fallback;
        }
    }

    private static String orElse(String value, String fallback) {
        return value == null ? fallback : value;
    }

    @Override
    public void close() {
        fetcher.close();
    }
}
