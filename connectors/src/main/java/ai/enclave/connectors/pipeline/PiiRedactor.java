package ai.enclave.connectors.pipeline;

import ai.enclave.connectors.spi.Document;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces personal data and secrets with typed placeholders ({@code [EMAIL]}, {@code [PHONE]},
 * {@code [CREDIT_CARD]}, {@code [IBAN]}, {@code [IP_ADDRESS]}, {@code [NATIONAL_ID]}, {@code [SECRET]},
 * {@code [PRIVATE_KEY]}, {@code [PASSWORD]}) and counts them per type. Patterns with a checksum
 * (Luhn and issuer prefixes for cards, ISO 13616 mod-97 for IBANs) or a range (IP octets) are validated so ordinary numbers
 * survive. Rules run in a fixed order, most specific first, so a key block is one {@code [PRIVATE_KEY]}
 * and not a handful of {@code [SECRET]}s. Regular expressions, not a named-entity model: names and
 * street addresses are not found. National IDs: US social security numbers only so far. Pure.
 */
public final class PiiRedactor implements Stage {
    /**
     * One kind of personal data: a cheap test on the whole text that must hold for any match to exist
     * (so most documents skip most patterns), the pattern, which group is replaced, and a check on it.
     */
    private record Rule(String type, Predicate<String> mayMatch, Pattern pattern, int group, Predicate<String> valid) {}

    private static final List<Rule> RULES = List.of(
            new Rule(
                    "PRIVATE_KEY",
                    s -> s.contains("PRIVATE KEY-----"),
                    Pattern.compile("-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----[\\s\\S]*?"
                            + "-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----"),
                    0,
                    s -> true),
            new Rule(
                    "SECRET",
                    s -> containsAny(
                            s,
                            "AKIA",
                            "ASIA",
                            "ghp_",
                            "gho_",
                            "ghu_",
                            "ghs_",
                            "ghr_",
                            "github_pat_",
                            "glpat-",
                            "xox",
                            "k_live_",
                            "k_test_",
                            "sk-",
                            "AIza",
                            "eyJ"),
                    Pattern.compile("\\b(?:(?:AKIA|ASIA)[0-9A-Z]{16}"
                            + "|gh[pousr]_[A-Za-z0-9]{36,255}"
                            + "|github_pat_[A-Za-z0-9_]{50,}"
                            + "|glpat-[A-Za-z0-9_-]{20,}"
                            + "|xox[abprs]-[A-Za-z0-9-]{10,}"
                            + "|[sr]k_(?:live|test)_[A-Za-z0-9]{20,}"
                            + "|sk-(?:proj-|ant-)?[A-Za-z0-9_-]{20,}"
                            + "|AIza[0-9A-Za-z_-]{35}"
                            + "|eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,})"),
                    0,
                    s -> true),
            new Rule(
                    "PASSWORD",
                    s -> keywordThenAssignment(s, "pass") || keywordThenAssignment(s, "pwd"),
                    Pattern.compile("(?i)\\b(?:password|passwd|pwd|passphrase|db_pass|pass)[\"']?\\s*[:=]\\s*[\"']?"
                            + "([^\\s\"'<>,;\\[\\]]{3,})"),
                    1,
                    s -> true),
            new Rule(
                    "SECRET",
                    s -> keywordThenAssignment(s, "key")
                            || keywordThenAssignment(s, "token")
                            || keywordThenAssignment(s, "secret"),
                    Pattern.compile("(?i)\\b(?:api[_-]?key|apikey|secret(?:[_-]?key)?|access[_-]?key(?:[_-]?id)?"
                            + "|auth[_-]?token|access[_-]?token|client[_-]?secret|private[_-]?token|token)"
                            + "[\"']?\\s*[:=]\\s*[\"']?([A-Za-z0-9_\\-+/=.]{16,})"),
                    1,
                    PiiRedactor::looksRandom),
            new Rule(
                    "EMAIL",
                    s -> s.indexOf('@') >= 0,
                    Pattern.compile("\\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}\\b"),
                    0,
                    s -> true),
            new Rule(
                    "IBAN",
                    PiiRedactor::hasIbanStart,
                    Pattern.compile("\\b[A-Z]{2}\\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\\b"),
                    0,
                    PiiRedactor::validIban),
            new Rule(
                    "CREDIT_CARD",
                    s -> digitRun(s, " -", false) >= 13,
                    Pattern.compile("\\b(?:\\d[ -]?){12,18}\\d\\b"),
                    0,
                    PiiRedactor::validCard),
            new Rule(
                    "NATIONAL_ID",
                    PiiRedactor::hasSsnShape,
                    Pattern.compile("\\b(?!000|666|9\\d\\d)\\d{3}-(?!00)\\d{2}-(?!0000)\\d{4}\\b"),
                    0,
                    s -> true),
            new Rule(
                    "IP_ADDRESS",
                    PiiRedactor::hasColonGroups,
                    Pattern.compile("(?<![\\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\\w:])"),
                    0,
                    PiiRedactor::validIpv6),
            new Rule(
                    "IP_ADDRESS",
                    PiiRedactor::hasDottedQuad,
                    Pattern.compile("(?<![\\w.])(?:\\d{1,3}\\.){3}\\d{1,3}(?!\\w|\\.\\d)"),
                    0,
                    PiiRedactor::validIpv4),
            new Rule(
                    "PHONE",
                    s -> digitRun(s, " .-()+", true) >= 9,
                    Pattern.compile(
                            "(?<![\\w+])(?:\\+\\d{1,3}[ .-]?)?(?:\\(\\d{1,4}\\)[ .-]?)?\\d{2,4}(?:[ .-]\\d{2,4}){1,4}"
                                    + "(?![\\w])"),
                    0,
                    PiiRedactor::validPhone));

    @Override
    public String name() {
        return "pii";
    }

    @Override
    public Verdict apply(Document document) {
        Map<String, Integer> counts = new TreeMap<>();
        String text = redact(document.text(), counts);
        return Verdict.keep(text.equals(document.text()) ? document : document.withText(text), counts);
    }

    /** The text with every match replaced; {@code counts} gets the number of placeholders per type. */
    public static String redact(String text, Map<String, Integer> counts) {
        for (Rule rule : RULES) {
            if (!rule.mayMatch().test(text)) continue;
            Matcher m = rule.pattern().matcher(text);
            if (!m.find()) continue;
            StringBuilder out = new StringBuilder(text.length());
            int last = 0;
            do {
                String value = m.group(rule.group());
                if (!rule.valid().test(value) || value.startsWith("[")) continue;
                out.append(text, last, m.start(rule.group()))
                        .append('[')
                        .append(rule.type())
                        .append(']');
                last = m.end(rule.group());
                counts.merge(rule.type(), 1, Integer::sum);
            } while (m.find());
            out.append(text, last, text.length());
            text = out.toString();
        }
        return text;
    }

    // ---- prefilters: each is a necessary condition for its pattern to match, checked in one pass
    // without a regex, so that a document without, say, 13 digits in a row never runs the card pattern

    private static boolean containsAny(String text, String... needles) {
        for (String n : needles) if (text.contains(n)) return true;
        return false;
    }

    /**
     * Somewhere the keyword (any case) is followed by letters, digits, {@code _} or {@code -}, an
     * optional quote, spaces, and then {@code :} or {@code =}: the shape of every {@code name = value} rule.
     */
    static boolean keywordThenAssignment(String text, String lowerKeyword) {
        int k = lowerKeyword.length();
        char first = lowerKeyword.charAt(0);
        for (int i = 0; i + k <= text.length(); i++) {
            if ((text.charAt(i) | 0x20) != first || !text.regionMatches(true, i, lowerKeyword, 0, k)) continue;
            int j = i + k;
            while (j < text.length()
                    && (Character.isLetterOrDigit(text.charAt(j)) || text.charAt(j) == '_' || text.charAt(j) == '-'))
                j++;
            if (j < text.length() && (text.charAt(j) == '"' || text.charAt(j) == '\'')) j++;
            while (j < text.length() && Character.isWhitespace(text.charAt(j))) j++;
            if (j < text.length() && (text.charAt(j) == ':' || text.charAt(j) == '=')) return true;
        }
        return false;
    }

    /**
     * The most digits in one run of digits and {@code separators}; without {@code loose} a separator
     * must stand alone between two digits (card numbers), with it separators may gather (phones).
     */
    static int digitRun(String text, String separators, boolean loose) {
        int best = 0, run = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                best = Math.max(best, ++run);
            } else if (separators.indexOf(c) >= 0
                    && (loose
                            || (i > 0
                                    && i + 1 < text.length()
                                    && Character.isDigit(text.charAt(i - 1))
                                    && Character.isDigit(text.charAt(i + 1))))) {
                continue;
            } else run = 0;
        }
        return best;
    }

    /** Two capital letters followed by two digits. */
    private static boolean hasIbanStart(String text) {
        for (int i = 0; i + 3 < text.length(); i++) {
            if (isUpper(text.charAt(i))
                    && isUpper(text.charAt(i + 1))
                    && isDigit(text.charAt(i + 2))
                    && isDigit(text.charAt(i + 3))) return true;
        }
        return false;
    }

    /** {@code d-dd-d}: a digit, a dash, two digits, a dash, a digit. */
    private static boolean hasSsnShape(String text) {
        for (int i = 1; i + 4 < text.length(); i++) {
            if (text.charAt(i) == '-'
                    && isDigit(text.charAt(i - 1))
                    && isDigit(text.charAt(i + 1))
                    && isDigit(text.charAt(i + 2))
                    && text.charAt(i + 3) == '-'
                    && isDigit(text.charAt(i + 4))) return true;
        }
        return false;
    }

    /** Two colons with at most four hex digits between them. */
    private static boolean hasColonGroups(String text) {
        for (int i = text.indexOf(':'); i >= 0; i = text.indexOf(':', i + 1)) {
            int j = i + 1;
            while (j < text.length() && j <= i + 4 && Character.digit(text.charAt(j), 16) >= 0) j++;
            if (j < text.length() && text.charAt(j) == ':') return true;
        }
        return false;
    }

    /** A run of digits and dots holding at least three dots and four digits. */
    private static boolean hasDottedQuad(String text) {
        int dots = 0, digits = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isDigit(c)) digits++;
            else if (c == '.') dots++;
            else {
                dots = 0;
                digits = 0;
                continue;
            }
            if (dots >= 3 && digits >= 4) return true;
        }
        return false;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    /** The Luhn checksum of a string of digits (card numbers end in the digit that makes it hold). */
    public static boolean luhn(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            sum += d;
        }
        return sum % 10 == 0;
    }

    /**
     * Luhn plus the issuer prefix and length of the major schemes (Visa, Mastercard, American Express,
     * Discover, JCB, Diners): Luhn alone passes one random digit run in ten.
     */
    static boolean validCard(String s) {
        String d = s.replaceAll("[ -]", "");
        int n = d.length();
        if (n < 13 || n > 19 || !luhn(d)) return false;
        int two = Integer.parseInt(d.substring(0, 2));
        int four = Integer.parseInt(d.substring(0, 4));
        boolean visa = d.charAt(0) == '4' && (n == 13 || n == 16 || n == 19);
        boolean mastercard = n == 16 && ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720));
        boolean amex = n == 15 && (two == 34 || two == 37);
        boolean discover = n >= 16 && (four == 6011 || two == 65 || (four >= 6440 && four <= 6499));
        boolean jcb = n >= 16 && four >= 3528 && four <= 3589;
        boolean diners = n == 14 && (two == 36 || two == 38 || (four >= 3000 && four <= 3059));
        return visa || mastercard || amex || discover || jcb || diners;
    }

    static boolean validIban(String s) {
        String iban = s.replace(" ", "");
        if (iban.length() < 15 || iban.length() > 34) return false;
        String rearranged = iban.substring(4) + iban.substring(0, 4);
        StringBuilder numeric = new StringBuilder();
        for (char c : rearranged.toCharArray()) {
            if (Character.isDigit(c)) numeric.append(c);
            else numeric.append(c - 'A' + 10);
        }
        return new BigInteger(numeric.toString()).mod(BigInteger.valueOf(97)).intValue() == 1;
    }

    private static boolean validIpv4(String s) {
        for (String part : s.split("\\.")) {
            if (part.length() > 1 && part.charAt(0) == '0') return false;
            if (Integer.parseInt(part) > 255) return false;
        }
        return true;
    }

    /** A full or "::"-compressed IPv6 address with at least one digit, so C++'s {@code a::b} stays. */
    static boolean validIpv6(String s) {
        int doubleColon = s.indexOf("::");
        if (doubleColon != s.lastIndexOf("::")) return false;
        if (s.chars().noneMatch(Character::isDigit)) return false;
        String[] groups = s.split(":", -1);
        int nonEmpty = 0;
        for (String g : groups) {
            if (g.length() > 4) return false;
            if (!g.isEmpty()) nonEmpty++;
        }
        if (doubleColon < 0) return groups.length == 8 && nonEmpty == 8;
        if (s.startsWith(":") && !s.startsWith("::")) return false;
        if (s.endsWith(":") && !s.endsWith("::")) return false;
        return nonEmpty <= 7 && (nonEmpty >= 2 || s.equals("::1"));
    }

    /**
     * International numbers (leading +), numbers with an area code in parentheses, and the North American
     * 3-3-4 layout; 9 to 15 digits (E.164). Bare digit groups without one of those shapes (amounts, dates,
     * part numbers) are left alone.
     */
    private static boolean validPhone(String s) {
        long digits = s.chars().filter(Character::isDigit).count();
        if (digits < 9 || digits > 15) return false;
        return s.startsWith("+") || s.contains("(") || s.matches("\\d{3}[ .-]\\d{3}[ .-]\\d{4}");
    }

    /** A value next to "token" or "secret" that mixes letters and digits, not a word like "placeholder_value". */
    private static boolean looksRandom(String s) {
        return s.chars().anyMatch(Character::isDigit) && s.chars().anyMatch(Character::isLetter);
    }
}
