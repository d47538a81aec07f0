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
     * One kind of personal data: the {@link #candidates} bit that must be set for any match to exist (so
     * most documents skip most patterns), the pattern, which group is replaced, and a check on it.
     */
    private record Rule(
            String type, int mayMatch, Pattern pattern, int group, Predicate<String> valid, DigitSpans spans) {
        Rule(String type, int mayMatch, Pattern pattern, int group, Predicate<String> valid) {
            this(type, mayMatch, pattern, group, valid, null);
        }
    }

    /**
     * For a pattern that consumes only digits and {@code separators} and needs {@code minDigits} digits
     * for a valid match: it runs only inside maximal runs of those characters holding that many digits
     * (with transparent bounds, so its look-arounds still see the text around). A match cannot cross a
     * run's ends, so each run is scanned exactly as the whole text would scan it, and a run with fewer
     * digits holds no valid match.
     */
    private record DigitSpans(String separators, int minDigits) {}

    // candidate bits, one per prefilter; see candidates()
    private static final int KEY_BLOCK = 1,
            TOKEN_PREFIX = 1 << 1,
            PASSWORD_ASSIGNMENT = 1 << 2,
            SECRET_ASSIGNMENT = 1 << 3,
            AT_SIGN = 1 << 4,
            IBAN_START = 1 << 5,
            CARD_DIGITS = 1 << 6,
            SSN_SHAPE = 1 << 7,
            COLON_GROUPS = 1 << 8,
            DOTTED_QUAD = 1 << 9,
            PHONE_DIGITS = 1 << 10;

    private static final List<Rule> RULES = List.of(
            new Rule(
                    "PRIVATE_KEY",
                    KEY_BLOCK,
                    Pattern.compile("-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----[\\s\\S]*?"
                            + "-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----"),
                    0,
                    s -> true),
            new Rule(
                    "SECRET",
                    TOKEN_PREFIX,
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
                    PASSWORD_ASSIGNMENT,
                    Pattern.compile("(?i)\\b(?:password|passwd|pwd|passphrase|db_pass|pass)[\"']?\\s*[:=]\\s*[\"']?"
                            + "([^\\s\"'<>,;\\[\\]]{3,})"),
                    1,
                    s -> true),
            new Rule(
                    "SECRET",
                    SECRET_ASSIGNMENT,
                    Pattern.compile("(?i)\\b(?:api[_-]?key|apikey|secret(?:[_-]?key)?|access[_-]?key(?:[_-]?id)?"
                            + "|auth[_-]?token|access[_-]?token|client[_-]?secret|private[_-]?token|token)"
                            + "[\"']?\\s*[:=]\\s*[\"']?([A-Za-z0-9_\\-+/=.]{16,})"),
                    1,
                    PiiRedactor::looksRandom),
            new Rule(
                    "EMAIL",
                    AT_SIGN,
                    Pattern.compile("\\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}\\b"),
                    0,
                    s -> true),
            new Rule(
                    "IBAN",
                    IBAN_START,
                    Pattern.compile("\\b[A-Z]{2}\\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\\b"),
                    0,
                    PiiRedactor::validIban),
            new Rule(
                    "CREDIT_CARD",
                    CARD_DIGITS,
                    Pattern.compile("\\b(?:\\d[ -]?){12,18}\\d\\b"),
                    0,
                    PiiRedactor::validCard,
                    new DigitSpans(" -", 13)),
            new Rule(
                    "NATIONAL_ID",
                    SSN_SHAPE,
                    Pattern.compile("\\b(?!000|666|9\\d\\d)\\d{3}-(?!00)\\d{2}-(?!0000)\\d{4}\\b"),
                    0,
                    s -> true,
                    new DigitSpans("-", 9)),
            new Rule(
                    "IP_ADDRESS",
                    COLON_GROUPS,
                    Pattern.compile("(?<![\\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\\w:])"),
                    0,
                    PiiRedactor::validIpv6),
            new Rule(
                    "IP_ADDRESS",
                    DOTTED_QUAD,
                    Pattern.compile("(?<![\\w.])(?:\\d{1,3}\\.){3}\\d{1,3}(?!\\w|\\.\\d)"),
                    0,
                    PiiRedactor::validIpv4,
                    new DigitSpans(".", 4)),
            new Rule(
                    "PHONE",
                    PHONE_DIGITS,
                    Pattern.compile(
                            "(?<![\\w+])(?:\\+\\d{1,3}[ .-]?)?(?:\\(\\d{1,4}\\)[ .-]?)?\\d{2,4}(?:[ .-]\\d{2,4}){1,4}"
                                    + "(?![\\w])"),
                    0,
                    PiiRedactor::validPhone,
                    new DigitSpans(" .-()+", 9)));

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
        // The bits come from the original text, not from the text as earlier rules left it: a placeholder
        // is bracketed, upper-case and digit-free, so redacting can clear a prefilter's condition but never
        // create one, and a rule whose condition was cleared finds nothing, as it would have been skipped.
        // (The key-block test, the one that is not a necessary condition, gates the first rule: untouched text.)
        int candidates = candidates(text);
        for (Rule rule : RULES) {
            if ((candidates & rule.mayMatch()) == 0) continue;
            Matcher m = rule.pattern().matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
            StringBuilder out = null;
            int last = 0;
            // the whole text once, or span by span; from is where the next span is looked for, -1 when done
            for (int from = 0; from >= 0; ) {
                if (rule.spans() == null) from = -1;
                else {
                    long span = nextSpan(text, from, rule.spans());
                    if (span < 0) break;
                    from = (int) span;
                    m.region((int) (span >>> 32), from);
                }
                while (m.find()) {
                    String value = m.group(rule.group());
                    if (!rule.valid().test(value) || value.startsWith("[")) continue;
                    if (out == null) out = new StringBuilder(text.length() + 16);
                    out.append(text, last, m.start(rule.group()))
                            .append('[')
                            .append(rule.type())
                            .append(']');
                    last = m.end(rule.group());
                    counts.merge(rule.type(), 1, Integer::sum);
                }
            }
            if (out != null) text = out.append(text, last, text.length()).toString();
        }
        return text;
    }

    /**
     * The first maximal run at or after {@code from} of digits and {@code spans.separators()} that holds
     * at least {@code spans.minDigits()} digits, as {@code start << 32 | end}; -1 if none.
     */
    private static long nextSpan(String text, int from, DigitSpans spans) {
        int n = text.length();
        for (int i = from; i < n; ) {
            while (i < n && !isDigit(text.charAt(i)) && spans.separators().indexOf(text.charAt(i)) < 0) i++;
            int start = i, digits = 0;
            for (; i < n; i++) {
                char c = text.charAt(i);
                if (isDigit(c)) digits++;
                else if (spans.separators().indexOf(c) < 0) break;
            }
            if (digits >= spans.minDigits()) return (long) start << 32 | i;
        }
        return -1;
    }

    // ---- prefilters: each is a necessary condition for its pattern to match, all found in one pass
    // without a regex, so that a document without, say, 13 digits in a row never runs the card pattern

    private static final String[] TOKEN_PREFIXES = {
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
        "eyJ"
    };

    /** The candidate bits of every prefilter that holds somewhere in {@code text}. */
    static int candidates(String text) {
        int bits = 0;
        if (text.contains("PRIVATE KEY-----")) bits |= KEY_BLOCK;
        for (String prefix : TOKEN_PREFIXES) {
            if (text.contains(prefix)) {
                bits |= TOKEN_PREFIX;
                break;
            }
        }
        int n = text.length();
        int cardRun = 0, phoneRun = 0, quadDots = 0, quadDigits = 0;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (isDigit(c)) {
                // a digit run of 13 for cards (separators alone between digits), of 9 for phones (any gathering)
                if (++cardRun >= 13) bits |= CARD_DIGITS;
                if (++phoneRun >= 9) bits |= PHONE_DIGITS;
                // a run of digits and dots holding at least three dots and four digits
                if (++quadDigits >= 4 && quadDots >= 3) bits |= DOTTED_QUAD;
                continue;
            }
            if (!((c == ' ' || c == '-')
                    && i > 0
                    && i + 1 < n
                    && isDigit(text.charAt(i - 1))
                    && isDigit(text.charAt(i + 1)))) cardRun = 0;
            if (!(c == ' ' || c == '.' || c == '-' || c == '(' || c == ')' || c == '+')) phoneRun = 0;
            if (c == '.') {
                if (++quadDots >= 3 && quadDigits >= 4) bits |= DOTTED_QUAD;
            } else {
                quadDots = 0;
                quadDigits = 0;
            }
            switch (c) {
                case '@' -> bits |= AT_SIGN;
                case '-' -> {
                    // d-dd-d: a digit, a dash, two digits, a dash, a digit
                    if (i >= 1
                            && i + 4 < n
                            && isDigit(text.charAt(i - 1))
                            && isDigit(text.charAt(i + 1))
                            && isDigit(text.charAt(i + 2))
                            && text.charAt(i + 3) == '-'
                            && isDigit(text.charAt(i + 4))) bits |= SSN_SHAPE;
                }
                case ':' -> {
                    // two colons with at most four hex digits between them
                    int j = i + 1;
                    while (j < n && j <= i + 4 && Character.digit(text.charAt(j), 16) >= 0) j++;
                    if (j < n && text.charAt(j) == ':') bits |= COLON_GROUPS;
                }
                default -> {
                    // two capital letters followed by two digits
                    if (isUpper(c)
                            && i + 3 < n
                            && isUpper(text.charAt(i + 1))
                            && isDigit(text.charAt(i + 2))
                            && isDigit(text.charAt(i + 3))) bits |= IBAN_START;
                    // once a bit is set its keywords need no further look (each look scans the word after)
                    switch (c | 0x20) {
                        case 'p' -> {
                            if ((bits & PASSWORD_ASSIGNMENT) == 0
                                    && (keywordThenAssignment(text, i, "pass")
                                            || keywordThenAssignment(text, i, "pwd"))) bits |= PASSWORD_ASSIGNMENT;
                        }
                        case 'k' -> {
                            if ((bits & SECRET_ASSIGNMENT) == 0 && keywordThenAssignment(text, i, "key"))
                                bits |= SECRET_ASSIGNMENT;
                        }
                        case 't' -> {
                            if ((bits & SECRET_ASSIGNMENT) == 0 && keywordThenAssignment(text, i, "token"))
                                bits |= SECRET_ASSIGNMENT;
                        }
                        case 's' -> {
                            if ((bits & SECRET_ASSIGNMENT) == 0 && keywordThenAssignment(text, i, "secret"))
                                bits |= SECRET_ASSIGNMENT;
                        }
                        default -> {}
                    }
                }
            }
        }
        return bits;
    }

    /**
     * At {@code i} the keyword (any case) is followed by letters, digits, {@code _} or {@code -}, an
     * optional quote, spaces, and then {@code :} or {@code =}: the shape of every {@code name = value} rule.
     */
    private static boolean keywordThenAssignment(String text, int i, String lowerKeyword) {
        int k = lowerKeyword.length();
        if (i + k > text.length()) return false;
        // ASCII letters compared directly; regionMatches (slow, Unicode case rules) only past a non-ASCII one
        for (int q = 0; q < k; q++) {
            char c = text.charAt(i + q);
            if (c >= 0x80) {
                if (!text.regionMatches(true, i, lowerKeyword, 0, k)) return false;
                break;
            }
            if ((c | 0x20) != lowerKeyword.charAt(q)) return false;
        }
        int j = i + k;
        while (j < text.length()
                && (Character.isLetterOrDigit(text.charAt(j)) || text.charAt(j) == '_' || text.charAt(j) == '-')) j++;
        if (j < text.length() && (text.charAt(j) == '"' || text.charAt(j) == '\'')) j++;
        while (j < text.length() && Character.isWhitespace(text.charAt(j))) j++;
        return j < text.length() && (text.charAt(j) == ':' || text.charAt(j) == '=');
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
