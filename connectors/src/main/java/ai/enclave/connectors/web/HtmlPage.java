package ai.enclave.connectors.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * What the crawler takes from one HTML page, parsed with jsoup: the title, the main text, the links and
 * the page's robots meta tag. Main text: the page's {@code <main>} (or {@code role=main}, else its only
 * {@code <article>}, else the body) without scripts, styles, forms, navigation, asides, and the site's
 * header and footer (a header or footer inside an article or main is the article's own and is kept).
 * Block elements end a line, so paragraphs stay lines for the line-based pipeline stages. A heuristic,
 * not a readability algorithm: menus written as plain divs stay in.
 */
record HtmlPage(String title, String text, List<URI> links, boolean noindex, boolean nofollow) {
    private static final String NEVER_TEXT = "script, style, noscript, template, iframe, object, svg, canvas, form,"
            + " button, select, nav, aside, dialog, [role=navigation], [role=banner], [role=contentinfo],"
            + " [role=complementary], [role=search], [aria-hidden=true], [hidden]";
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern SPACES = Pattern.compile("[ \\t\\x0B\\f\\r]+");
    private static final Set<String> BLOCKS = Set.of(
            "address",
            "article",
            "blockquote",
            "br",
            "caption",
            "dd",
            "div",
            "dl",
            "dt",
            "figcaption",
            "figure",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "header",
            "footer",
            "hr",
            "li",
            "main",
            "ol",
            "p",
            "pre",
            "section",
            "table",
            "tbody",
            "td",
            "th",
            "thead",
            "tr",
            "ul",
            "body");

    static HtmlPage parse(byte[] body, String charset, URI url, String crawlerName) throws IOException {
        Document doc = Jsoup.parse(new ByteArrayInputStream(body), charset, url.toString());
        boolean noindex = false, nofollow = false;
        for (Element meta : doc.select("meta[name][content]")) {
            String name = meta.attr("name").toLowerCase(Locale.ROOT);
            if (!name.equals("robots") && !name.equals(crawlerName.toLowerCase(Locale.ROOT))) continue;
            String content = meta.attr("content").toLowerCase(Locale.ROOT);
            noindex |= content.contains("noindex") || content.contains("none");
            nofollow |= content.contains("nofollow") || content.contains("none");
        }
        Set<URI> links = new LinkedHashSet<>();
        if (!nofollow) {
            URI base = baseOf(doc, url);
            for (Element a : doc.select("a[href], area[href]")) {
                URI link = WebUrls.resolve(base, a.attr("href"));
                if (link != null) links.add(link);
            }
        }
        String title = doc.title().strip();
        if (title.isEmpty()) {
            Element h1 = doc.selectFirst("h1");
            if (h1 != null) title = h1.text().strip();
        }
        return new HtmlPage(title, mainText(doc), new ArrayList<>(links), noindex, nofollow);
    }

    /** A {@code <base href>} changes what relative links mean. */
    private static URI baseOf(Document doc, URI url) {
        Element base = doc.selectFirst("base[href]");
        if (base == null) return url;
        URI b = WebUrls.resolve(url, base.attr("href"));
        return b == null ? url : b;
    }

    private static String mainText(Document doc) {
        Element root = doc.selectFirst("main, [role=main]");
        if (root == null && doc.select("article").size() == 1) root = doc.selectFirst("article");
        if (root == null) root = doc.body();
        root.select(NEVER_TEXT).remove();
        for (Element e : root.select("header, footer")) {
            if (e.parents().stream()
                    .noneMatch(p ->
                            p.normalName().equals("article") || p.normalName().equals("main"))) e.remove();
        }
        StringBuilder out = new StringBuilder();
        NodeTraversor.traverse(
                new NodeVisitor() {
                    @Override
                    public void head(Node node, int depth) {
                        if (node instanceof TextNode t) {
                            boolean pre = t.parent() instanceof Element p
                                    && (p.normalName().equals("pre")
                                            || p.parents().stream()
                                                    .anyMatch(
                                                            q -> q.normalName().equals("pre")));
                            out.append(
                                    pre
                                            ? t.getWholeText()
                                            : WHITESPACE
                                                    .matcher(t.getWholeText())
                                                    .replaceAll(" "));
                        } else if (node instanceof Element e && BLOCKS.contains(e.normalName())) {
                            newline(out);
                        }
                    }

                    @Override
                    public void tail(Node node, int depth) {
                        if (node instanceof Element e && BLOCKS.contains(e.normalName())) newline(out);
                    }
                },
                root);
        StringBuilder text = new StringBuilder();
        for (String line : out.toString().split("\n")) {
            String l = SPACES.matcher(line).replaceAll(" ").strip();
            if (!l.isEmpty()) text.append(l).append('\n');
        }
        return text.toString().strip();
    }

    private static void newline(StringBuilder out) {
        if (!out.isEmpty() && out.charAt(out.length() - 1) != '\n') out.append('\n');
    }
}
