package ai.enclave.connectors.web;

import ai.enclave.connectors.spi.ConnectorException;
import ai.enclave.connectors.spi.Cursor;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Incremental crawling: for every page the last crawl reached, its validators (ETag, Last-Modified, sent
 * back as If-None-Match / If-Modified-Since), the SHA-256 of its extracted text (for servers that send
 * neither, or answer 200 with the same page) and the in-scope links it had, because a 304 answer has no
 * body to find them in. Format: {@code {"pages": {"https://h/": {"etag": "\"x\"", "lastModified": "...",
 * "sha256": "...", "links": ["https://h/a"]}}}}. Pages the last crawl did not reach are not in it and are
 * read in full when reached again. Roughly 100 bytes per page plus its links.
 */
final class WebCursor {
    record Entry(String etag, String lastModified, String sha256, List<String> links) {
        Entry {
            links = List.copyOf(links);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Entry> pages = new LinkedHashMap<>();

    static WebCursor parse(Cursor cursor) {
        WebCursor c = new WebCursor();
        if (cursor.isStart()) return c;
        try {
            JsonNode root = JSON.readTree(cursor.value());
            root.get("pages").properties().forEach(p -> {
                JsonNode e = p.getValue();
                List<String> links = new ArrayList<>();
                e.path("links").forEach(l -> links.add(l.asText()));
                c.pages.put(p.getKey(), new Entry(text(e, "etag"), text(e, "lastModified"), text(e, "sha256"), links));
            });
            return c;
        } catch (Exception e) {
            throw new ConnectorException("not a web crawl cursor: " + abbreviate(cursor.value()), e);
        }
    }

    Entry get(String url) {
        return pages.get(url);
    }

    void put(String url, Entry entry) {
        pages.put(url, entry);
    }

    Cursor toCursor() {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode all = root.putObject("pages");
        pages.forEach((url, e) -> {
            ObjectNode n = all.putObject(url);
            if (e.etag() != null) n.put("etag", e.etag());
            if (e.lastModified() != null) n.put("lastModified", e.lastModified());
            if (e.sha256() != null) n.put("sha256", e.sha256());
            e.links().forEach(n.putArray("links")::add);
        });
        return new Cursor(root.toString());
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }
}
