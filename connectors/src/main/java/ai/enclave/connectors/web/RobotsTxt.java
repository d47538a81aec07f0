package ai.enclave.connectors.web;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One host's robots.txt as RFC 9309 reads it, for one crawler name: the rules of the groups naming the
 * crawler (all of them merged), else of the {@code *} groups, else none. The longest matching pattern
 * decides and Allow wins a tie; {@code *} matches any characters and a final {@code $} anchors the end.
 * Also the non-standard but common Crawl-delay (of the chosen groups) and the Sitemap lines (global).
 * Not handled: percent-encoding differences between a pattern and a path (compared as written).
 */
final class RobotsTxt {
    /** RFC 9309 asks crawlers to parse at least 500 KiB; beyond that the file is cut. */
    static final int MAX_BYTES = 512 << 10;

    private record Rule(boolean allow, String pattern, Pattern regex) {}

    private final List<Rule> rules;
    private final double crawlDelaySeconds;
    private final List<String> sitemaps;
    private final boolean disallowAll;

    private RobotsTxt(List<Rule> rules, double crawlDelaySeconds, List<String> sitemaps, boolean disallowAll) {
        this.rules = rules;
        this.crawlDelaySeconds = crawlDelaySeconds;
        this.sitemaps = sitemaps;
        this.disallowAll = disallowAll;
    }

    /** No robots.txt (a 4xx answer): everything may be crawled. */
    static RobotsTxt allowAll() {
        return new RobotsTxt(List.of(), 0, List.of(), false);
    }

    /** robots.txt unreachable or a server error: RFC 9309 says to assume nothing may be crawled. */
    static RobotsTxt disallowAll() {
        return new RobotsTxt(List.of(), 0, List.of(), true);
    }

    static RobotsTxt parse(String text, String crawlerName) {
        String me = crawlerName.toLowerCase(Locale.ROOT);
        List<Rule> mine = new ArrayList<>(), star = new ArrayList<>();
        double myDelay = -1, starDelay = -1;
        boolean haveMine = false, haveStar = false;
        List<String> sitemaps = new ArrayList<>();
        // the agents of the group being read; a User-agent line after a rule starts a new group
        List<String> agents = new ArrayList<>();
        boolean inRules = false;
        for (String raw : text.split("\r\n|\r|\n")) {
            int hash = raw.indexOf('#');
            String line = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
            int colon = line.indexOf(':');
            if (colon <= 0) continue;
            String key = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            switch (key) {
                case "user-agent" -> {
                    if (inRules) agents.clear();
                    inRules = false;
                    String agent = value.split("[/ ]", 2)[0].toLowerCase(Locale.ROOT);
                    agents.add(agent);
                    if (agent.equals(me)) haveMine = true;
                    if (agent.equals("*")) haveStar = true;
                }
                case "allow", "disallow" -> {
                    inRules = true;
                    if (value.isEmpty()) continue; // "Disallow:" with nothing allows all
                    Rule r = new Rule(key.equals("allow"), value, compile(value));
                    if (agents.contains(me)) mine.add(r);
                    if (agents.contains("*")) star.add(r);
                }
                case "crawl-delay" -> {
                    inRules = true;
                    double d;
                    try {
                        d = Double.parseDouble(value);
                    } catch (NumberFormatException e) {
                        continue;
                    }
                    if (agents.contains(me)) myDelay = Math.max(myDelay, d);
                    if (agents.contains("*")) starDelay = Math.max(starDelay, d);
                }
                case "sitemap" -> sitemaps.add(value);
                default -> {}
            }
        }
        return haveMine
                ? new RobotsTxt(mine, Math.max(0, myDelay), sitemaps, false)
                : haveStar
                        ? new RobotsTxt(star, Math.max(0, starDelay), sitemaps, false)
                        : new RobotsTxt(List.of(), 0, sitemaps, false);
    }

    private static Pattern compile(String pattern) {
        boolean anchored = pattern.endsWith("$");
        String body = anchored ? pattern.substring(0, pattern.length() - 1) : pattern;
        StringBuilder regex = new StringBuilder();
        for (String part : body.split("\\*", -1)) {
            if (!regex.isEmpty()) regex.append(".*");
            regex.append(Pattern.quote(part));
        }
        if (anchored) regex.append('$');
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    boolean allows(URI url) {
        String path = url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        if (path.equals("/robots.txt")) return true;
        if (disallowAll) return false;
        Rule best = null;
        for (Rule r : rules) {
            Matcher m = r.regex().matcher(path);
            if (!m.lookingAt()) continue;
            if (best == null
                    || r.pattern().length() > best.pattern().length()
                    || (r.pattern().length() == best.pattern().length() && r.allow())) best = r;
        }
        return best == null || best.allow();
    }

    double crawlDelaySeconds() {
        return crawlDelaySeconds;
    }

    List<String> sitemaps() {
        return sitemaps;
    }

    /** For check(): what was understood. */
    String describe() {
        if (disallowAll) return "nothing may be crawled";
        return rules.size() + " rules for this crawler"
                + (crawlDelaySeconds > 0 ? ", crawl delay " + crawlDelaySeconds + " s" : "") + ", " + sitemaps.size()
                + " sitemaps";
    }
}
