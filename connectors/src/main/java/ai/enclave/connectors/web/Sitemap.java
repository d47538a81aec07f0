package ai.enclave.connectors.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * One sitemap file (sitemaps.org): either a {@code urlset} of page locations or a {@code sitemapindex}
 * of further sitemaps; gzip-compressed files are recognised by their magic bytes. Parsed with StAX with
 * DTDs and external entities off (no XXE, no entity bombs) and at most {@link #MAX_UNCOMPRESSED} bytes
 * after decompression (the protocol's own limit), so a gzip bomb stops there. Plain-text sitemaps (one
 * URL a line) and {@code lastmod} are not used.
 */
record Sitemap(boolean isIndex, List<String> locations) {
    static final int MAX_UNCOMPRESSED = 50 << 20;
    /** The protocol's limit per file; more is ignored. */
    static final int MAX_LOCATIONS = 50_000;

    static Sitemap parse(byte[] body) throws IOException {
        byte[] xml = body;
        if (body.length > 2 && (body[0] & 0xff) == 0x1f && (body[1] & 0xff) == 0x8b) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
                xml = in.readNBytes(MAX_UNCOMPRESSED + 1);
            }
            if (xml.length > MAX_UNCOMPRESSED)
                throw new IOException("more than " + MAX_UNCOMPRESSED + " bytes uncompressed");
        }
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        List<String> locations = new ArrayList<>();
        Boolean index = null;
        try {
            XMLStreamReader r = f.createXMLStreamReader(new ByteArrayInputStream(xml));
            try {
                while (r.hasNext() && locations.size() < MAX_LOCATIONS) {
                    if (r.next() != XMLStreamReader.START_ELEMENT) continue;
                    String name = r.getLocalName();
                    if (index == null) {
                        if (!name.equals("urlset") && !name.equals("sitemapindex"))
                            throw new IOException("not a sitemap (root element <" + name + ">)");
                        index = name.equals("sitemapindex");
                    } else if (name.equals("loc")) {
                        String loc = r.getElementText().strip();
                        if (!loc.isEmpty()) locations.add(loc);
                    }
                }
            } finally {
                r.close();
            }
        } catch (XMLStreamException e) {
            throw new IOException(
                    "not well-formed XML: "
                            + String.valueOf(e.getMessage())
                                    .lines()
                                    .reduce((a, b) -> b)
                                    .orElse(""),
                    e);
        }
        if (index == null) throw new IOException("empty sitemap");
        return new Sitemap(index, List.copyOf(locations));
    }
}
