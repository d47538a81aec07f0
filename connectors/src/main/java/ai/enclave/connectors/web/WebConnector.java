package ai.enclave.connectors.web;

import ai.enclave.connectors.directory.TextExtractor;
import ai.enclave.connectors.spi.CheckResult;
import ai.enclave.connectors.spi.CloseableIterator;
import ai.enclave.connectors.spi.Connector;
import ai.enclave.connectors.spi.ConnectorContext;
import ai.enclave.connectors.spi.ConnectorSpec;
import ai.enclave.connectors.spi.Cursor;
import ai.enclave.connectors.spi.Deletions;
import ai.enclave.connectors.spi.Document;
import ai.enclave.connectors.spi.DocumentReader;
import ai.enclave.connectors.spi.Item;
import java.util.NoSuchElementException;

/**
 * An intranet web site, crawled ({@link Crawl}): every page reached becomes one document whose id is
 * its normalised URL ({@link WebUrls}), with the main text of HTML pages ({@link HtmlPage}) or the text
 * of PDFs and office files ({@link TextExtractor}), and metadata {@code url}, {@code title},
 * {@code fetched}, {@code last_modified}, {@code etag}, {@code content_type}, {@code depth}. Never
 * contacts a host outside {@code allowedHosts}. Incremental: the cursor ({@link WebCursor}) makes the
 * next crawl ask conditionally and return only pages whose text changed. Deletions: pages answering 404,
 * 410 or a permanent redirect (a moved page lives on under its target's URL), and after a crawl that ended within its bounds without a transient failure, every page it no
 * longer reached. Not a browser: no JavaScript
 * is run, and pages behind a login are not reached (no credentials are sent).
 */
public final class WebConnector implements Connector<WebConfig> {
    private final TextExtractor extractor = new TextExtractor();

    @Override
    public ConnectorSpec<WebConfig> spec() {
        return new ConnectorSpec<>(
                Crawl.TYPE,
                "Intranet web site: a crawler bounded by host allowlist, depth and page count that honours"
                        + " robots.txt and sitemaps",
                WebConfig.class);
    }

    /** robots.txt and the first start URL: reachable, allowed, a 2xx or an allowed redirect. */
    @Override
    public CheckResult check(WebConfig config, ConnectorContext context) {
        try (Crawl crawl = new Crawl(config, new WebCursor(), context, extractor)) {
            return crawl.check();
        }
    }

    /** A full crawl (links are only known by fetching), listing the pages that would become documents. */
    @Override
    public CloseableIterator<Item> discover(WebConfig config, ConnectorContext context) {
        Pages pages = new Pages(new Crawl(config, new WebCursor(), context, extractor), new WebCursor());
        return new CloseableIterator<>() {
            @Override
            public boolean hasNext() {
                return pages.hasNext();
            }

            @Override
            public Item next() {
                Crawl.Visit v = pages.nextVisit();
                return new Item(v.url(), v.bytes(), v.modified());
            }

            @Override
            public void close() {
                pages.close();
            }
        };
    }

    @Override
    public DocumentReader read(WebConfig config, Cursor cursor, ConnectorContext context) {
        WebCursor previous = WebCursor.parse(cursor);
        return new Pages(new Crawl(config, previous, context, extractor), new WebCursor());
    }

    /**
     * The pages of a crawl that give a document. Unchanged pages go into the next cursor as they pass;
     * a changed page only once its document is handed out, so a cursor taken early never claims a
     * document the caller has not received.
     */
    private static final class Pages implements DocumentReader {
        private final Crawl crawl;
        private final WebCursor next;
        private Crawl.Visit pending;
        private boolean done;

        Pages(Crawl crawl, WebCursor next) {
            this.crawl = crawl;
            this.next = next;
        }

        @Override
        public boolean hasNext() {
            while (pending == null && !done) {
                Crawl.Visit v = crawl.next();
                if (v == null) done = true;
                else if (v.document() == null) next.put(v.url(), v.entry());
                else pending = v;
            }
            return pending != null;
        }

        Crawl.Visit nextVisit() {
            if (!hasNext()) throw new NoSuchElementException();
            Crawl.Visit v = pending;
            pending = null;
            next.put(v.url(), v.entry());
            return v;
        }

        @Override
        public Document next() {
            return nextVisit().document();
        }

        @Override
        public Cursor cursor() {
            return next.toCursor();
        }

        @Override
        public Deletions deletions() {
            Deletions answered = Deletions.of(crawl.gone());
            return done && crawl.complete() ? answered.withListing(crawl::reached) : answered;
        }

        @Override
        public void close() {
            crawl.close();
        }
    }
}
