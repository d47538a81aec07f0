package ai.enclave.connectors.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.enclave.connectors.directory.Fixtures;
import ai.enclave.connectors.prepare.DataPreparation;
import ai.enclave.connectors.prepare.PrepareConfig;
import ai.enclave.connectors.spi.CheckResult;
import ai.enclave.connectors.spi.CloseableIterator;
import ai.enclave.connectors.spi.ConnectorContext;
import ai.enclave.connectors.spi.ConnectorException;
import ai.enclave.connectors.spi.ConnectorRegistry;
import ai.enclave.connectors.spi.Cursor;
import ai.enclave.connectors.spi.Document;
import ai.enclave.connectors.spi.DocumentReader;
import ai.enclave.connectors.spi.Item;
import ai.enclave.connectors.testing.Prose;
import ai.enclave.runtime.tokenizer.train.TokenizerTraining;
import ai.enclave.runtime.tokenizer.train.TrainerConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crawler against real web servers started by each test (see {@link TestSite}), read through the
 * registry like a real sync. Request logs of the servers prove what was and was not fetched.
 */
class WebConnectorIT {
    private final List<TestSite> sites = new ArrayList<>();

    private record Sync(List<Document> documents, List<String> skipped, Cursor cursor) {
        List<String> urls() {
            return documents.stream().map(Document::id).toList();
        }
    }

    private TestSite site() throws IOException {
        TestSite s = new TestSite();
        sites.add(s);
        return s;
    }

    @AfterEach
    void stopServers() {
        sites.forEach(TestSite::close);
    }

    private static Map<String, Object> config(TestSite site, Object... more) {
        Map<String, Object> c = new HashMap<>();
        c.put("startUrls", List.of(site.url("/")));
        c.put("delayMillis", 0);
        for (int i = 0; i < more.length; i += 2) c.put((String) more[i], more[i + 1]);
        return c;
    }

    private static Sync sync(Map<String, Object> config, Cursor from) {
        List<String> skipped = new ArrayList<>();
        List<Document> docs = new ArrayList<>();
        try (DocumentReader r = ConnectorRegistry.load()
                .read(
                        "web",
                        new ObjectMapper().valueToTree(config),
                        from,
                        ConnectorContext.of((id, reason) -> skipped.add(id + ": " + reason)))) {
            r.forEachRemaining(docs::add);
            return new Sync(docs, skipped, r.cursor());
        }
    }

    private static CheckResult check(Map<String, Object> config) {
        return ConnectorRegistry.load()
                .check("web", new ObjectMapper().valueToTree(config), ConnectorContext.of((id, reason) -> {}));
    }

    @Test
    void a_small_site_is_crawled_to_max_depth_and_no_further() throws IOException {
        TestSite s = site().html("/", "Home", "<p>Welcome to the intranet.</p>" + TestSite.links("/a.html", "/b.html"))
                .html("/a.html", "A", "<p>Page a.</p>" + TestSite.links("/c.html"))
                .html("/b.html", "B", "<p>Page b.</p>")
                .html("/c.html", "C", "<p>Page c.</p>" + TestSite.links("/d.html"))
                .html("/d.html", "D", "<p>Page d, three hops away.</p>");

        Sync sync = sync(config(s, "maxDepth", 2), Cursor.START);

        assertThat(sync.urls()).containsExactly(s.url("/"), s.url("/a.html"), s.url("/b.html"), s.url("/c.html"));
        assertThat(s.pageRequests()).doesNotContain("/d.html");
        assertThat(sync.skipped()).isEmpty();
    }

    @Test
    void max_pages_bounds_the_page_requests_sent() throws IOException {
        TestSite s = site().html("/", "Home", TestSite.links("/1", "/2", "/3", "/4", "/5"));
        for (int i = 1; i <= 5; i++) s.html("/" + i, "Page " + i, "<p>Text of page " + i + ".</p>");

        Sync sync = sync(config(s, "maxPages", 3), Cursor.START);

        assertThat(s.pageRequests()).containsExactly("/", "/1", "/2");
        assertThat(sync.urls()).containsExactly(s.url("/"), s.url("/1"), s.url("/2"));
    }

    @Test
    void each_page_is_fetched_once_however_its_links_are_spelled_and_a_link_loop_ends() throws IOException {
        TestSite s = site();
        String port = s.base().substring(s.base().lastIndexOf(':') + 1);
        s.html(
                        "/",
                        "Home",
                        "<p>Start.</p>"
                                + TestSite.links(
                                        "/docs/a",
                                        "docs/a#section-2",
                                        "./docs/../docs/a",
                                        "HTTP://127.0.0.1:" + port + "/docs/a",
                                        "/calendar?month=1",
                                        "mailto:it@example.com",
                                        "javascript:void(0)",
                                        "/logo.png"))
                .html("/docs/a", "A", "<p>Page a links back home.</p>" + TestSite.links("/", "/docs/a"));
        // a calendar trap: every month links to the next one, forever
        for (int m = 1; m <= 50; m++)
            s.html(
                    "/calendar?month=" + m,
                    "Month " + m,
                    "<p>Month " + m + ".</p>" + TestSite.links("/calendar?month=" + (m + 1)));

        Sync sync = sync(config(s, "maxDepth", 4), Cursor.START);

        List<String> requested = s.pageRequests();
        assertThat(requested).doesNotHaveDuplicates().contains("/", "/docs/a").doesNotContain("/logo.png");
        assertThat(requested.stream().filter(p -> p.startsWith("/calendar"))).hasSize(4);
        assertThat(sync.urls()).doesNotHaveDuplicates().contains(s.url("/docs/a"));
    }

    @Test
    void pages_robots_txt_disallows_are_never_requested() throws IOException {
        TestSite s = site().page("/robots.txt", "text/plain", """
                        User-agent: OtherBot
                        Disallow: /

                        User-agent: *
                        Disallow: /private/
                        Allow: /private/ok.html
                        Disallow: /*.cgi$
                        """, null, null)
                .html(
                        "/",
                        "Home",
                        TestSite.links(
                                "/private/secret.html", "/private/ok.html", "/run.cgi", "/run.cgi?x=1", "/public.html"))
                .html("/private/secret.html", "Secret", "<p>Secret.</p>")
                .html("/private/ok.html", "Ok", "<p>Allowed inside private.</p>")
                .html("/run.cgi", "Cgi", "<p>Script.</p>")
                .html("/run.cgi?x=1", "Cgi", "<p>Script with a query.</p>")
                .html("/public.html", "Public", "<p>Public.</p>");

        Sync sync = sync(config(s), Cursor.START);

        assertThat(s.pageRequests()).containsExactly("/", "/private/ok.html", "/run.cgi?x=1", "/public.html");
        assertThat(s.requests().getFirst().pathAndQuery()).isEqualTo("/robots.txt");
        assertThat(sync.skipped())
                .containsExactlyInAnyOrder(
                        s.url("/private/secret.html") + ": disallowed by robots.txt",
                        s.url("/run.cgi") + ": disallowed by robots.txt");
    }

    @Test
    void the_crawlers_own_robots_group_and_its_crawl_delay_apply() throws IOException {
        TestSite s = site().page(
                        "/robots.txt",
                        "text/plain",
                        "User-agent: *\nDisallow: /\n\nUser-agent: IntranetIndexer\nCrawl-delay: 0.3\nDisallow: /drafts/\n",
                        null,
                        null)
                .html("/", "Home", TestSite.links("/drafts/x.html", "/p1.html", "/p2.html"))
                .html("/drafts/x.html", "Draft", "<p>Draft.</p>")
                .html("/p1.html", "P1", "<p>One.</p>")
                .html("/p2.html", "P2", "<p>Two.</p>");

        Sync sync = sync(config(s, "userAgent", "IntranetIndexer/2.0 (+http://it.corp/bot)"), Cursor.START);

        assertThat(sync.urls()).containsExactly(s.url("/"), s.url("/p1.html"), s.url("/p2.html"));
        List<TestSite.Request> log = s.requests();
        assertThat(log).allMatch(r -> r.userAgent().equals("IntranetIndexer/2.0 (+http://it.corp/bot)"));
        List<TestSite.Request> pages = log.stream()
                .filter(r -> r.pathAndQuery().equals("/") || r.pathAndQuery().endsWith(".html"))
                .toList();
        assertThat(pages).hasSize(3);
        for (int i = 1; i < pages.size(); i++) {
            long gapMillis = (pages.get(i).nanoTime() - pages.get(i - 1).nanoTime()) / 1_000_000;
            assertThat(gapMillis)
                    .as("gap before " + pages.get(i).pathAndQuery())
                    .isGreaterThanOrEqualTo(290);
        }
    }

    @Test
    void pages_listed_only_in_sitemaps_are_found() throws IOException {
        TestSite s = site();
        String urlset = """
                <?xml version="1.0" encoding="UTF-8"?>
                <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
                  <url><loc>%s</loc><lastmod>2026-01-01</lastmod></url>
                </urlset>
                """;
        s.page(
                        "/robots.txt",
                        "text/plain",
                        "User-agent: *\nAllow: /\nSitemap: " + s.url("/sitemaps/index.xml") + "\n",
                        null,
                        null)
                .page(
                        "/sitemaps/index.xml",
                        "application/xml",
                        """
                        <?xml version="1.0" encoding="UTF-8"?>
                        <sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
                          <sitemap><loc>%s</loc></sitemap>
                        </sitemapindex>
                        """.formatted(s.url("/sitemaps/handbook.xml.gz")),
                        null,
                        null)
                .page(
                        "/sitemaps/handbook.xml.gz",
                        "application/gzip",
                        gzip(urlset.formatted(s.url("/handbook/orphan.html"))),
                        null,
                        null)
                .page("/sitemap.xml", "application/xml", urlset.formatted(s.url("/news/unlinked.html")), null, null)
                .html("/", "Home", "<p>Nothing links to the orphans.</p>")
                .html("/handbook/orphan.html", "Orphan", "<p>Only the sitemap index knows this page.</p>")
                .html("/news/unlinked.html", "Unlinked", "<p>Only /sitemap.xml knows this page.</p>");

        Sync sync = sync(config(s), Cursor.START);

        assertThat(sync.urls())
                .containsExactly(s.url("/"), s.url("/handbook/orphan.html"), s.url("/news/unlinked.html"));
        assertThat(sync.documents().get(1).metadata()).containsEntry("depth", "1");
        assertThat(sync.skipped()).isEmpty();
    }

    @Test
    void no_host_outside_the_allowlist_is_ever_contacted() throws IOException {
        TestSite inside = site();
        TestSite outside = site();
        outside.html("/", "Outside", "<p>Must never be read.</p>").html("/page.html", "Outside", "<p>Outside.</p>");
        inside.page(
                        "/robots.txt",
                        "text/plain",
                        "User-agent: *\nAllow: /\nSitemap: " + outside.url("/sitemap.xml") + "\n",
                        null,
                        null)
                .page(
                        "/sitemap.xml",
                        "application/xml",
                        "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><url><loc>"
                                + outside.url("/page.html") + "</loc></url></urlset>",
                        null,
                        null)
                .html("/", "Inside", "<p>Inside.</p>" + TestSite.links(outside.url("/page.html"), "/go", "/inner.html"))
                .redirect("/go", outside.url("/"))
                .html("/inner.html", "Inner", "<p>Inner page.</p>");

        // allowlisted by host and port: the other server runs on the same host
        Sync sync = sync(
                config(
                        inside,
                        "allowedHosts",
                        List.of("127.0.0.1:" + inside.base().replaceAll(".*:", ""))),
                Cursor.START);

        assertThat(outside.requests()).isEmpty();
        assertThat(sync.urls()).containsExactly(inside.url("/"), inside.url("/inner.html"));
        assertThat(sync.skipped())
                .contains(inside.url("/go") + ": redirect to " + outside.url("/")
                        + " not followed (outside allowedHosts or include/exclude)");
        // the default allowlist (the start URL's host and port) keeps it out as well
        sync(config(inside), Cursor.START);
        assertThat(outside.requests()).isEmpty();
    }

    @Test
    void include_and_exclude_patterns_choose_the_urls_fetched() throws IOException {
        TestSite s = site().html("/", "Home", TestSite.links("/handbook/a", "/handbook/a?action=edit", "/blog/b"))
                .html("/handbook/a", "A", "<p>Handbook.</p>")
                .html("/handbook/a?action=edit", "Edit", "<p>Edit form.</p>")
                .html("/blog/b", "B", "<p>Blog.</p>");

        Sync sync = sync(config(s, "include", List.of("/handbook/"), "exclude", List.of("[?&]action=")), Cursor.START);

        assertThat(s.pageRequests()).containsExactly("/", "/handbook/a");
        assertThat(sync.urls()).containsExactly(s.url("/"), s.url("/handbook/a"));
    }

    @Test
    void a_second_crawl_asks_conditionally_and_returns_only_the_changed_page() throws IOException {
        String lastModified = "Wed, 21 Oct 2026 07:28:00 GMT";
        TestSite s = site().page(
                        "/",
                        "text/html",
                        TestSite.page("Home", "<p>Home.</p>" + TestSite.links("/a", "/b", "/c")),
                        "\"home-1\"",
                        null)
                .page("/a", "text/html", TestSite.page("A", "<p>Policy, first version.</p>"), "\"a-1\"", null)
                .page(
                        "/b",
                        "text/html",
                        TestSite.page("B", "<p>Dated page.</p>" + TestSite.links("/deep")),
                        null,
                        lastModified)
                .html("/c", "C", "<p>A server that sends no validators.</p>")
                .html("/deep", "Deep", "<p>Only linked from b.</p>");

        Sync first = sync(config(s), Cursor.START);
        assertThat(first.urls()).containsExactly(s.url("/"), s.url("/a"), s.url("/b"), s.url("/c"), s.url("/deep"));
        assertThat(first.documents().get(1).metadata()).containsEntry("etag", "\"a-1\"");
        assertThat(first.documents().get(2).metadata()).containsEntry("last_modified", "2026-10-21T07:28:00Z");

        s.forgetRequests();
        s.page("/a", "text/html", TestSite.page("A", "<p>Policy, second version.</p>"), "\"a-2\"", null);
        Sync second = sync(config(s), first.cursor());

        assertThat(second.urls()).containsExactly(s.url("/a"));
        assertThat(second.documents().getFirst().text()).contains("second version");
        // home and b answered 304; deep is still reached through b's links kept in the cursor
        assertThat(s.answered(304)).isEqualTo(2);
        assertThat(s.pageRequests()).containsExactly("/", "/a", "/b", "/c", "/deep");

        s.forgetRequests();
        Sync third = sync(config(s), second.cursor());
        assertThat(third.documents()).isEmpty();
        assertThat(s.answered(304)).isEqualTo(3);
    }

    @Test
    void a_page_answering_404_and_one_no_longer_linked_leave_the_source_store(@TempDir Path tmp) throws IOException {
        TestSite s = site().html("/", "Home", "<p>Home.</p>" + TestSite.links("/a", "/b", "/c"))
                .html("/a", "A", "<p>Stays.</p>")
                .html("/b", "B", "<p>Will be deleted.</p>")
                .html("/c", "C", "<p>Will be unlinked.</p>");
        ai.enclave.connectors.sync.Sync sync = new ai.enclave.connectors.sync.Sync(100, report -> {}, () -> false);
        var source = ai.enclave.connectors.sync.Sync.source(
                ConnectorRegistry.load(), "web", new ObjectMapper().valueToTree(config(s)));
        Path store = tmp.resolve("store");
        sync.run(store, source, ConnectorContext.of((id, reason) -> {}));

        s.remove("/b").html("/", "Home", "<p>Home, edited.</p>" + TestSite.links("/a", "/b"));
        var second = sync.run(store, source, ConnectorContext.of((id, reason) -> {}));

        assertThat(second.read()).isEqualTo(1);
        assertThat(second.deleted()).isEqualTo(2);
        try (var stored = ai.enclave.connectors.sync.SourceStore.openReadOnly(store)) {
            assertThat(stored.contains(s.url("/a"))).isTrue();
            assertThat(stored.contains(s.url("/b"))).isFalse();
            assertThat(stored.contains(s.url("/c"))).isFalse();
            assertThat(stored.size()).isEqualTo(2);
        }
    }

    @Test
    void a_page_moved_for_good_leaves_the_store_under_its_old_url_and_one_moved_for_now_stays(@TempDir Path tmp)
            throws IOException {
        TestSite s = site().html("/", "Home", "<p>Home.</p>" + TestSite.links("/a", "/old", "/temp", "/gone-away"))
                .html("/a", "A", "<p>Stays.</p>")
                .html("/old", "Old", "<p>Moved for good.</p>")
                .html("/temp", "Temp", "<p>Moved for now.</p>")
                .html("/gone-away", "Gone away", "<p>Moved to the other site.</p>");
        ai.enclave.connectors.sync.Sync sync = new ai.enclave.connectors.sync.Sync(100, report -> {}, () -> false);
        var source = ai.enclave.connectors.sync.Sync.source(
                ConnectorRegistry.load(), "web", new ObjectMapper().valueToTree(config(s)));
        Path store = tmp.resolve("store");
        sync.run(store, source, ConnectorContext.of((id, reason) -> {}));

        s.html("/new", "New", "<p>The new home of old.</p>")
                .redirect("/old", "/new", 301)
                .redirect("/temp", "/a", 307)
                .redirect("/gone-away", "http://elsewhere.example/", 308);
        var second = sync.run(store, source, ConnectorContext.of((id, reason) -> {}));

        assertThat(second.complete()).isTrue();
        assertThat(second.deleted()).isEqualTo(2);
        try (var stored = ai.enclave.connectors.sync.SourceStore.openReadOnly(store)) {
            assertThat(stored.contains(s.url("/old"))).isFalse();
            // a temporary redirect (a login page, maintenance) must not empty the store
            assertThat(stored.contains(s.url("/temp"))).isTrue();
            assertThat(stored.contains(s.url("/gone-away"))).isFalse();
            assertThat(stored.contains(s.url("/new"))).isTrue();
            assertThat(stored.contains(s.url("/a"))).isTrue();
        }
    }

    @Test
    void a_crawl_cut_short_by_max_pages_deletes_only_pages_answering_404() throws IOException {
        TestSite s = site().html("/", "Home", "<p>Home.</p>" + TestSite.links("/a", "/b"))
                .html("/a", "A", "<p>A.</p>")
                .html("/b", "B", "<p>B.</p>");
        Sync first = sync(config(s), Cursor.START);
        s.remove("/a");
        try (DocumentReader r = ConnectorRegistry.load()
                .read(
                        "web",
                        new ObjectMapper().valueToTree(config(s, "maxPages", 2)),
                        first.cursor(),
                        ConnectorContext.of((id, reason) -> {}))) {
            r.forEachRemaining(d -> {});
            assertThat(r.deletions().ids()).containsExactly(s.url("/a"));
            assertThat(r.deletions().listed()).isNull();
        }
    }

    @Test
    void the_main_text_leaves_out_navigation_and_documents_keep_their_metadata() throws IOException {
        TestSite s = site().html("/", "Travel policy", """
                        <header><a href="/">ACME intranet</a> <form><input name="q"></form></header>
                        <nav>Home | HR | IT</nav>
                        <main><article><header><h1>Travel policy</h1></header>
                          <p>Book   trains for trips under four hours.</p>
                          <ul><li>Economy class</li><li>Receipts within 30 days</li></ul>
                          <script>track("pageview")</script><style>p { color: red }</style>
                          <p>See the <a href="/policy.pdf">full policy</a>.</p></article></main>
                        <aside>Related: canteen menu</aside>
                        <footer>(c) ACME - imprint</footer>
                        """)
                .page("/policy.pdf", "application/pdf", pdf("Expenses are refunded within ten days."), null, null);

        Sync sync = sync(config(s), Cursor.START);

        Document home = sync.documents().getFirst();
        assertThat(home.text())
                .isEqualTo("Travel policy\nBook trains for trips under four hours.\nEconomy class\n"
                        + "Receipts within 30 days\nSee the full policy.");
        assertThat(home.metadata())
                .containsEntry("source_type", "web")
                .containsEntry("url", s.url("/"))
                .containsEntry("title", "Travel policy")
                .containsEntry("content_type", "text/html")
                .containsEntry("depth", "0")
                .containsKey("fetched");
        Document pdf = sync.documents().get(1);
        assertThat(pdf.id()).isEqualTo(s.url("/policy.pdf"));
        assertThat(pdf.text()).contains("Expenses are refunded within ten days.");
        assertThat(pdf.metadata()).containsEntry("content_type", "application/pdf");
    }

    @Test
    void pages_that_fail_are_reported_and_the_crawl_goes_on() throws IOException {
        TestSite s = site().html("/", "Home", TestSite.links("/missing", "/image", "/empty", "/ok"))
                .page("/image", "image/png", new byte[] {(byte) 0x89, 'P', 'N', 'G'}, null, null)
                .html("/empty", "Empty", "<nav>only a menu</nav>")
                .html("/ok", "Ok", "<p>Fine.</p>");

        Sync sync = sync(config(s), Cursor.START);

        assertThat(sync.urls()).containsExactly(s.url("/"), s.url("/ok"));
        assertThat(sync.skipped())
                .containsExactly(
                        s.url("/missing") + ": HTTP 404",
                        s.url("/image") + ": not a document (image/png)",
                        s.url("/empty") + ": no text (text/html)");
    }

    @Test
    void check_reports_a_reachable_site_and_fails_for_an_unreachable_or_disallowed_start() throws IOException {
        TestSite s = site().html("/", "Home", "<p>Hello.</p>");

        CheckResult ok = check(config(s));
        assertThat(ok.ok()).isTrue();
        assertThat(ok.message()).contains(s.url("/") + ": HTTP 200, text/html").contains("no robots.txt (HTTP 404)");

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        CheckResult down =
                check(Map.of("startUrls", List.of("http://127.0.0.1:" + closedPort + "/"), "timeoutSeconds", 5));
        assertThat(down.ok()).isFalse();
        assertThat(down.message()).contains("http://127.0.0.1:" + closedPort).contains("unreachable");

        s.page("/robots.txt", "text/plain", "User-agent: *\nDisallow: /\n", null, null);
        CheckResult disallowed = check(config(s));
        assertThat(disallowed.ok()).isFalse();
        assertThat(disallowed.message()).contains("disallows " + s.url("/"));
    }

    @Test
    void discover_lists_the_pages_a_crawl_reaches() throws IOException {
        TestSite s = site().html("/", "Home", TestSite.links("/a"))
                .page("/a", "text/html", TestSite.page("A", "<p>A.</p>"), null, "Wed, 21 Oct 2026 07:28:00 GMT");
        WebConnector connector = new WebConnector();
        WebConfig config = ConnectorRegistry.config(connector, new ObjectMapper().valueToTree(config(s)));

        List<Item> items = new ArrayList<>();
        try (CloseableIterator<Item> it = connector.discover(config, ConnectorContext.of((id, reason) -> {}))) {
            it.forEachRemaining(items::add);
        }

        assertThat(items).extracting(Item::id).containsExactly(s.url("/"), s.url("/a"));
        assertThat(items.get(1).modified()).hasToString("2026-10-21T07:28:00Z");
    }

    @Test
    void a_data_preparation_run_with_a_web_source_turns_the_site_into_a_snapshot(@TempDir Path dir) throws IOException {
        Random r = new Random(7);
        TestSite s = site();
        List<String> hrefs = new ArrayList<>();
        Files.createDirectories(dir.resolve("texts"));
        for (int i = 0; i < 12; i++) {
            String text = Prose.document(r, 150);
            Files.writeString(dir.resolve("texts/" + i + ".txt"), text);
            StringBuilder paragraphs = new StringBuilder();
            text.lines().forEach(l -> paragraphs.append("<p>").append(l).append("</p>"));
            s.html("/kb/" + i + ".html", "Article " + i, "<nav>Home | Search</nav><main>" + paragraphs + "</main>");
            hrefs.add("/kb/" + i + ".html");
        }
        s.html("/", "Knowledge base", TestSite.links(hrefs.toArray(String[]::new)));
        try (var texts = Files.list(dir.resolve("texts"))) {
            TokenizerTraining.train(
                    texts.sorted().toList(), TrainerConfig.byteLevel(400), dir.resolve("tok/tokenizer.json"));
        }
        ObjectMapper json = new ObjectMapper();
        var config = json.createObjectNode();
        config.putArray("sources")
                .addObject()
                .put("name", "intranet")
                .put("type", "web")
                .set("config", json.valueToTree(config(s)));
        config.put("tokenizer", dir.resolve("tok").toString());
        config.put("output", dir.resolve("snapshots").toString());
        config.putObject("language").put("enabled", false);

        DataPreparation.Result result = DataPreparation.run(PrepareConfig.fromJson(config), (phase, docs, bytes) -> {});

        JsonNode source = result.manifest().get("sources").get(0);
        assertThat(source.get("type").asText()).isEqualTo("web");
        assertThat(source.get("documents").asInt()).isEqualTo(13);
        JsonNode docs = result.manifest().get("documents");
        assertThat(docs.get("train").asInt() + docs.get("val").asInt()).isGreaterThanOrEqualTo(12);
    }

    @Test
    void bad_configs_fail_naming_the_field() {
        assertThatThrownBy(() -> sync(Map.of("allowedHosts", List.of("a")), Cursor.START))
                .isInstanceOf(ConnectorException.class)
                .hasMessageContaining("startUrls");
        assertThatThrownBy(() -> sync(Map.of("startUrls", List.of("ftp://files.corp/")), Cursor.START))
                .hasMessageContaining("startUrls: 'ftp://files.corp/' is not an http(s) URL");
        assertThatThrownBy(() -> sync(
                        Map.of("startUrls", List.of("https://wiki.corp/"), "allowedHosts", List.of("docs.corp")),
                        Cursor.START))
                .hasMessageContaining("startUrls: https://wiki.corp/ is not on allowedHosts [docs.corp]");
        assertThatThrownBy(() -> sync(Map.of("startUrls", List.of("https://wiki.corp/"), "maxDepth", -1), Cursor.START))
                .hasMessageContaining("maxDepth: must be at least 0");
        assertThatThrownBy(() ->
                        sync(Map.of("startUrls", List.of("https://wiki.corp/"), "exclude", List.of("(")), Cursor.START))
                .hasMessageContaining("exclude: '(' is not a regular expression");
        assertThatThrownBy(() -> sync(Map.of("startUrls", List.of("https://wiki.corp/"), "maxDeph", 2), Cursor.START))
                .hasMessageContaining("maxDeph");
        assertThatThrownBy(() ->
                        sync(Map.of("startUrls", List.of("https://wiki.corp/")), new Cursor("{\"modifiedNanos\": 1}")))
                .hasMessageContaining("not a web crawl cursor");
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private static byte[] pdf(String text) throws IOException {
        Path file = Files.createTempFile("enclave-web-", ".pdf");
        try {
            Fixtures.pdf(file, text, null);
            return Files.readAllBytes(file);
        } finally {
            Files.delete(file);
        }
    }
}
