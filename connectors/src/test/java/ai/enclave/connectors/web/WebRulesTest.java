package ai.enclave.connectors.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The crawler's rules without a network: URL normal form, the allowlist, robots.txt matching, sitemaps. */
class WebRulesTest {
    @Test
    void urls_have_one_normal_form() {
        assertThat(WebUrls.parse("HTTP://Wiki.Corp:80")).hasToString("http://wiki.corp/");
        assertThat(WebUrls.parse("https://wiki.corp:443/a/./b/../c?x=1#top")).hasToString("https://wiki.corp/a/c?x=1");
        assertThat(WebUrls.parse("https://wiki.corp:8443/docs/")).hasToString("https://wiki.corp:8443/docs/");
        assertThat(WebUrls.parse("https://wiki.corp/docs")).hasToString("https://wiki.corp/docs");
        assertThat(WebUrls.parse("https://wiki.corp/../../x")).hasToString("https://wiki.corp/x");
        assertThat(WebUrls.parse("https://wiki.corp/Reise Richtlinie/ü?q=a b"))
                .hasToString("https://wiki.corp/Reise%20Richtlinie/%C3%BC?q=a%20b");
        assertThat(WebUrls.parse("https://wiki.corp/already%20escaped"))
                .hasToString("https://wiki.corp/already%20escaped");
    }

    @Test
    void only_http_urls_without_credentials_are_taken() {
        assertThat(WebUrls.parse("ftp://files.corp/x")).isNull();
        assertThat(WebUrls.parse("mailto:it@corp")).isNull();
        assertThat(WebUrls.parse("https://user:secret@wiki.corp/")).isNull();
        assertThat(WebUrls.parse("/relative")).isNull();
        assertThat(WebUrls.parse("https://wiki.corp/" + "x".repeat(WebUrls.MAX_LENGTH)))
                .isNull();
        assertThat(WebUrls.resolve(URI.create("https://wiki.corp/a/b"), "javascript:void(0)"))
                .isNull();
        assertThat(WebUrls.resolve(URI.create("https://wiki.corp/a/b"), "../c#x"))
                .hasToString("https://wiki.corp/c");
    }

    @Test
    void the_allowlist_matches_hosts_ports_and_subdomains() {
        List<String> allowed = List.of("wiki.corp", "docs.corp:8443", "*.intra.corp");
        assertThat(WebUrls.allowed(URI.create("https://wiki.corp/"), allowed)).isTrue();
        assertThat(WebUrls.allowed(URI.create("http://wiki.corp:8080/"), allowed))
                .isTrue();
        assertThat(WebUrls.allowed(URI.create("https://docs.corp:8443/"), allowed))
                .isTrue();
        assertThat(WebUrls.allowed(URI.create("https://docs.corp/"), allowed)).isFalse();
        assertThat(WebUrls.allowed(URI.create("https://hr.intra.corp/"), allowed))
                .isTrue();
        assertThat(WebUrls.allowed(URI.create("https://intra.corp/"), allowed)).isFalse();
        assertThat(WebUrls.allowed(URI.create("https://evilwiki.corp/"), allowed))
                .isFalse();
        assertThat(WebUrls.allowed(URI.create("https://wiki.corp.evil.example/"), allowed))
                .isFalse();
        assertThat(WebUrls.isHostPattern("https://wiki.corp/")).isFalse();
        assertThat(WebUrls.isHostPattern("wiki.corp/path")).isFalse();
    }

    @Test
    void robots_txt_longest_match_wins_and_allow_wins_a_tie() {
        RobotsTxt robots = RobotsTxt.parse("""
                # comment
                User-agent: *
                Disallow: /docs/
                Allow: /docs/public/
                Disallow: /*.pdf$
                Allow: /tie
                Disallow: /tie
                Sitemap: https://wiki.corp/sitemap-index.xml
                """, "EnclaveBot");
        assertThat(robots.allows(URI.create("https://wiki.corp/docs/x"))).isFalse();
        assertThat(robots.allows(URI.create("https://wiki.corp/docs/public/x"))).isTrue();
        assertThat(robots.allows(URI.create("https://wiki.corp/a/b.pdf"))).isFalse();
        assertThat(robots.allows(URI.create("https://wiki.corp/a/b.pdf?download=1")))
                .isTrue();
        assertThat(robots.allows(URI.create("https://wiki.corp/tie"))).isTrue();
        assertThat(robots.allows(URI.create("https://wiki.corp/robots.txt"))).isTrue();
        assertThat(robots.sitemaps()).containsExactly("https://wiki.corp/sitemap-index.xml");
    }

    @Test
    void robots_txt_groups_naming_the_crawler_replace_the_star_group_and_merge() {
        String text = """
                User-agent: *
                Disallow: /

                User-agent: googlebot
                User-agent: enclavebot
                Disallow: /a

                User-agent: EnclaveBot/1.0
                Crawl-delay: 2.5
                Disallow: /b
                """;
        RobotsTxt mine = RobotsTxt.parse(text, "EnclaveBot");
        assertThat(mine.allows(URI.create("https://h/a"))).isFalse();
        assertThat(mine.allows(URI.create("https://h/b"))).isFalse();
        assertThat(mine.allows(URI.create("https://h/c"))).isTrue();
        assertThat(mine.crawlDelaySeconds()).isEqualTo(2.5);
        assertThat(RobotsTxt.parse(text, "OtherBot").allows(URI.create("https://h/c")))
                .isFalse();
        assertThat(RobotsTxt.parse("User-agent: *\nDisallow:\n", "EnclaveBot").allows(URI.create("https://h/x")))
                .isTrue();
        assertThat(RobotsTxt.disallowAll().allows(URI.create("https://h/x"))).isFalse();
    }

    @Test
    void a_sitemap_with_an_external_entity_is_read_without_resolving_it() throws IOException {
        String xml = """
                <?xml version="1.0"?>
                <!DOCTYPE urlset [<!ENTITY x SYSTEM "file:///etc/passwd">]>
                <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
                  <url><loc>https://wiki.corp/a</loc></url>
                  <url><loc>https://wiki.corp/b&x;</loc></url>
                </urlset>
                """;
        try {
            Sitemap s = Sitemap.parse(xml.getBytes(StandardCharsets.UTF_8));
            assertThat(s.isIndex()).isFalse();
            assertThat(String.join(" ", s.locations())).doesNotContain("root:");
        } catch (IOException e) {
            assertThat(e.getMessage()).doesNotContain("root:");
        }
        assertThatThrownBy(
                        () -> Sitemap.parse("<html><body>not a sitemap</body></html>".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("not a sitemap");
    }
}
