package ai.enclave.connectors.web;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * An intranet web site to crawl. Every field but {@code startUrls} may be left out. Each invalid value
 * is rejected here with the field's name, so a typo fails when the source is saved, not mid-crawl.
 *
 * @param startUrls where the crawl begins (depth 0), e.g. {@code ["https://wiki.corp.example/"]}; always
 *     fetched, whatever {@code include}/{@code exclude} say
 * @param allowedHosts the only hosts ever contacted: {@code "wiki.corp.example"} (any port),
 *     {@code "wiki.corp.example:8443"} (that port only) or {@code "*.corp.example"} (any subdomain);
 *     default: the start URLs' hosts, with their port when the URL names one
 * @param maxDepth link hops from a start URL, e.g. 5 (default); 0 fetches the start URLs only; pages
 *     found in sitemaps count as depth 1
 * @param maxPages page requests per crawl, e.g. 1000 (default); robots.txt and sitemaps are not counted
 * @param include Java regular expressions found in the normalised URL; when given, other URLs are not
 *     fetched, e.g. {@code ["/handbook/"]}
 * @param exclude regular expressions whose URLs are never fetched, e.g. {@code ["\\?action=edit", "/print/"]}
 * @param delayMillis pause between two requests to the same host, e.g. 1000 (default); a robots.txt
 *     Crawl-delay that is longer wins
 * @param userAgent sent as User-Agent; its part before '/' is the name looked up in robots.txt, e.g.
 *     {@code "EnclaveBot/1.0"} (default)
 * @param timeoutSeconds limit for one request including its body, e.g. 30 (default)
 */
public record WebConfig(
        List<String> startUrls,
        List<String> allowedHosts,
        Integer maxDepth,
        Integer maxPages,
        List<String> include,
        List<String> exclude,
        Integer delayMillis,
        String userAgent,
        Integer timeoutSeconds) {

    public WebConfig {
        if (startUrls == null || startUrls.isEmpty()) throw new IllegalArgumentException("startUrls: at least one URL");
        List<String> starts = new ArrayList<>();
        for (String s : startUrls) {
            URI u = s == null ? null : WebUrls.parse(s);
            if (u == null) throw new IllegalArgumentException("startUrls: '" + s + "' is not an http(s) URL");
            starts.add(u.toString());
        }
        startUrls = List.copyOf(starts);
        if (allowedHosts == null || allowedHosts.isEmpty()) {
            allowedHosts = starts.stream()
                    .map(s -> WebUrls.authority(URI.create(s)))
                    .distinct()
                    .toList();
        } else {
            for (String h : allowedHosts) {
                if (!WebUrls.isHostPattern(h))
                    throw new IllegalArgumentException(
                            "allowedHosts: '" + h + "' is not a host, host:port or *.domain");
            }
            allowedHosts = allowedHosts.stream().map(String::strip).toList();
        }
        for (String s : startUrls) {
            if (!WebUrls.allowed(URI.create(s), allowedHosts))
                throw new IllegalArgumentException("startUrls: " + s + " is not on allowedHosts " + allowedHosts);
        }
        maxDepth = orDefault("maxDepth", maxDepth, 5, 0);
        maxPages = orDefault("maxPages", maxPages, 1000, 1);
        include = patterns("include", include);
        exclude = patterns("exclude", exclude);
        delayMillis = orDefault("delayMillis", delayMillis, 1000, 0);
        userAgent = userAgent == null || userAgent.isBlank() ? "EnclaveBot/1.0" : userAgent.strip();
        if (!userAgent.matches("[\\x21-\\x7e][\\x20-\\x7e]*"))
            throw new IllegalArgumentException("userAgent: printable ASCII only, got '" + userAgent + "'");
        timeoutSeconds = orDefault("timeoutSeconds", timeoutSeconds, 30, 1);
    }

    /** The name matched against robots.txt User-agent lines: the user agent up to its first '/' or space. */
    public String robotsName() {
        return userAgent.split("[/ ]", 2)[0];
    }

    private static int orDefault(String field, Integer value, int fallback, int min) {
        if (value == null) return fallback;
        if (value < min) throw new IllegalArgumentException(field + ": must be at least " + min + ", got " + value);
        return value;
    }

    private static List<String> patterns(String field, List<String> regexes) {
        if (regexes == null) return List.of();
        for (String r : regexes) {
            try {
                Pattern.compile(r);
            } catch (PatternSyntaxException | NullPointerException e) {
                throw new IllegalArgumentException(field + ": '" + r + "' is not a regular expression");
            }
        }
        return List.copyOf(regexes);
    }
}
