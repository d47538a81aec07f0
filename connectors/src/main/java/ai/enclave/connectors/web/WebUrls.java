package ai.enclave.connectors.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * URL rules of the crawler: which URLs it accepts, their one normal form (so each page is fetched once)
 * and the host allowlist. The normal form: scheme and host in lower case, the scheme's default port
 * dropped, an empty path made "/", dot segments removed, the fragment dropped, characters that are not
 * allowed in a URL percent-encoded as UTF-8, the query kept as it is. A trailing slash is kept as
 * written: "/docs" and "/docs/" stay two URLs, because servers may answer them differently (the usual
 * redirect from one to the other is followed and then deduplicated). Only http and https, no user
 * info (credentials never end up in ids or metadata), at most {@link #MAX_LENGTH} characters.
 */
final class WebUrls {
    /** Longer URLs are almost always generated (session ids, calendar traps), not pages. */
    static final int MAX_LENGTH = 2048;

    private WebUrls() {}

    /** The normal form of an absolute URL, or null when the crawler does not take it. */
    static URI parse(String raw) {
        if (raw == null) return null;
        URI u;
        try {
            u = URI.create(escape(raw.strip()));
        } catch (IllegalArgumentException e) {
            return null;
        }
        return normalise(u);
    }

    /** {@code href} resolved against the page it appears on, normalised; null when not taken. */
    static URI resolve(URI base, String href) {
        try {
            return normalise(base.resolve(escape(href.strip())));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static URI normalise(URI u) {
        if (!u.isAbsolute() || u.isOpaque() || u.getHost() == null || u.getRawUserInfo() != null) return null;
        String scheme = u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) return null;
        int port = u.getPort() == defaultPort(scheme) ? -1 : u.getPort();
        String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : removeDotSegments(u.getRawPath());
        StringBuilder sb =
                new StringBuilder(scheme).append("://").append(u.getHost().toLowerCase(Locale.ROOT));
        if (port != -1) sb.append(':').append(port);
        sb.append(path);
        if (u.getRawQuery() != null) sb.append('?').append(u.getRawQuery());
        return sb.length() > MAX_LENGTH ? null : URI.create(sb.toString());
    }

    /** RFC 3986 section 5.2.4; ".." above the root is dropped, as browsers do. */
    private static String removeDotSegments(String path) {
        String[] parts = path.split("/", -1);
        Deque<String> out = new ArrayDeque<>();
        for (int i = 1; i < parts.length; i++) {
            String s = parts[i];
            if (s.equals(".") || s.equals("..")) {
                if (s.equals("..") && !out.isEmpty()) out.removeLast();
                if (i == parts.length - 1) out.addLast("");
            } else {
                out.addLast(s);
            }
        }
        return "/" + String.join("/", out);
    }

    /** Percent-encodes what a browser would (spaces, non-ASCII, quotes) and leaves existing escapes alone. */
    private static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c <= 0x20 || c >= 0x7f || "\"<>\\^`{|}".indexOf(c) >= 0) {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
                sb.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            } else {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    static int defaultPort(String scheme) {
        return scheme.equals("https") ? 443 : 80;
    }

    /** "host" or "host:port" (the port only when the URL names a non-default one): an allowlist entry. */
    static String authority(URI u) {
        return u.getPort() == -1 ? u.getHost() : u.getHost() + ":" + u.getPort();
    }

    /** Where robots.txt and the politeness delay apply: scheme, host and port. */
    static String origin(URI u) {
        return u.getScheme() + "://" + authority(u);
    }

    static boolean isHostPattern(String entry) {
        if (entry == null || entry.isBlank()) return false;
        String e = entry.strip();
        if (e.startsWith("*.")) e = e.substring(2);
        try {
            URI u = new URI("http://" + e);
            return u.getHost() != null
                    && u.getRawUserInfo() == null
                    && u.getRawPath().isEmpty()
                    && u.getRawQuery() == null
                    && u.getRawFragment() == null;
        } catch (Exception ex) {
            return false;
        }
    }

    /** Whether a normalised URL's host (and port) is on the allowlist. */
    static boolean allowed(URI u, List<String> allowedHosts) {
        String host = u.getHost();
        int port = u.getPort() == -1 ? defaultPort(u.getScheme()) : u.getPort();
        for (String entry : allowedHosts) {
            String e = entry.toLowerCase(Locale.ROOT);
            if (e.startsWith("*.")) {
                if (host.endsWith(e.substring(1))) return true;
                continue;
            }
            URI h = URI.create("http://" + e);
            if (h.getHost().equals(host) && (h.getPort() == -1 || h.getPort() == port)) return true;
        }
        return false;
    }
}
