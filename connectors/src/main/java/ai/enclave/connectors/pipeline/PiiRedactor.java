package ai.enclave.connectors.pipeline;

import ai.enclave.connectors.spi.Document;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
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
     * most documents skip most patterns), the pattern, which group is replaced, and a check on it; then
     * where the pattern runs: inside digit {@code spans}, or from {@code firstStart} (a cheap scan of the
     * text as the earlier rules left it for the earliest place a match can start; -1: none can).
     */
    private record Rule(
            String type,
            int mayMatch,
            Pattern pattern,
            int group,
            Predicate<String> valid,
            DigitSpans spans,
            ToIntFunction<String> firstStart) {
        Rule(String type, int mayMatch, Pattern pattern, int group, Predicate<String> valid, DigitSpans spans) {
            this(type, mayMatch, pattern, group, valid, spans, null);
        }

        Rule(
                String type,
                int mayMatch,
                Pattern pattern,
                int group,
                Predicate<String> valid,
                ToIntFunction<String> firstStart) {
            this(type, mayMatch, pattern, group, valid, null, firstStart);
        }
    }

    /**
     * For a pattern that consumes only digits and {@code separators} and needs {@code minDigits} digits
     * for a valid match: it runs only inside maximal runs of those characters holding that many digits
     * (with transparent bounds, so its look-arounds still see the text around). A match cannot cross a
     * run's ends, so each run is scanned exactly as the whole text would scan it, and a run with fewer
     * digits holds no valid match.
     */
    private record DigitSpans(String separators, int minDigits, long runChars) {
        DigitSpans(String separators, int minDigits) {
            this(separators, minDigits, runChars(separators));
        }

        /** Digits and separators (all below 64) as a bit set, so a character is tested with one shift. */
        private static long runChars(String separators) {
            long bits = 0;
            for (char c = '0'; c <= '9'; c++) bits |= 1L << c;
            for (char c : separators.toCharArray()) {
                if (c >= 64) throw new IllegalArgumentException("separator beyond the bit set: " + c);
                bits |= 1L << c;
            }
            return bits;
        }

        boolean inRun(char c) {
            return c < 64 && (runChars >>> c & 1) != 0;
        }
    }

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
                    s -> true,
                    text -> text.indexOf("-----BEGIN ")),
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
                    s -> true,
                    PiiRedactor::firstTokenPrefix),
            new Rule(
                    "PASSWORD",
                    PASSWORD_ASSIGNMENT,
                    Pattern.compile("(?i)\\b(?:password|passwd|pwd|passphrase|db_pass|pass)[\"']?\\s*[:=]\\s*[\"']?"
                            + "([^\\s\"'<>,;\\[\\]]{3,})"),
                    1,
                    s -> true,
                    text -> firstAssignedName(text, PASSWORD_ASSIGNMENT)),
            new Rule(
                    "SECRET",
                    SECRET_ASSIGNMENT,
                    Pattern.compile("(?i)\\b(?:api[_-]?key|apikey|secret(?:[_-]?key)?|access[_-]?key(?:[_-]?id)?"
                            + "|auth[_-]?token|access[_-]?token|client[_-]?secret|private[_-]?token|token)"
                            + "[\"']?\\s*[:=]\\s*[\"']?([A-Za-z0-9_\\-+/=.]{16,})"),
                    1,
                    PiiRedactor::looksRandom,
                    text -> firstAssignedName(text, SECRET_ASSIGNMENT)),
            new Rule(
                    "EMAIL",
                    AT_SIGN,
                    Pattern.compile("\\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}\\b"),
                    0,
                    s -> true,
                    PiiRedactor::firstEmailStart),
            new Rule(
                    "IBAN",
                    IBAN_START,
                    Pattern.compile("\\b[A-Z]{2}\\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\\b"),
                    0,
                    PiiRedactor::validIban,
                    PiiRedactor::firstIbanStart),
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
                    PiiRedactor::validIpv6,
                    text -> 0),
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
                if (rule.spans() == null) {
                    from = -1;
                    int start = rule.firstStart().applyAsInt(text);
                    if (start < 0) break;
                    m.region(start, text.length());
                } else {
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
            while (i < n && !spans.inRun(text.charAt(i))) i++;
            int start = i, digits = 0;
            for (; i < n; i++) {
                char c = text.charAt(i);
                if (isDigit(c)) digits++;
                else if (!spans.inRun(c)) break;
            }
            if (digits >= spans.minDigits()) return (long) start << 32 | i;
        }
        return -1;
    }

    // ---- prefilters: each is a necessary condition for its pattern to match, all found in one pass
    // without a regex, so that a document without, say, 13 digits in a row never runs the card pattern

    /**
     * A fixed start of the token rule's alternatives, with the index of its rarest character (where the
     * prefilter looks for it, so the common letters e, s and g stay on the scan's shortest path) and how
     * many characters before it a match can start ({@code [sr]k_live_...} holds {@code k_live_} one in).
     */
    private record TokenPrefix(String text, int rare, int before) {}

    private static final List<TokenPrefix> TOKEN_PREFIXES = List.of(
            new TokenPrefix("AKIA", 0, 0),
            new TokenPrefix("ASIA", 0, 0),
            new TokenPrefix("AIza", 0, 0),
            new TokenPrefix("ghp_", 3, 0),
            new TokenPrefix("gho_", 3, 0),
            new TokenPrefix("ghu_", 3, 0),
            new TokenPrefix("ghs_", 3, 0),
            new TokenPrefix("ghr_", 3, 0),
            new TokenPrefix("github_pat_", 6, 0),
            new TokenPrefix("glpat-", 5, 0),
            new TokenPrefix("xox", 0, 0),
            new TokenPrefix("k_live_", 1, 1),
            new TokenPrefix("k_test_", 1, 1),
            new TokenPrefix("sk-", 2, 0),
            new TokenPrefix("eyJ", 2, 0));

    /** {@link #TOKEN_PREFIXES} by their rare character (all ASCII, none a lower-case letter but x). */
    private static final TokenPrefix[][] TOKEN_PREFIXES_BY_RARE = new TokenPrefix[128][];

    static {
        for (TokenPrefix p : TOKEN_PREFIXES) {
            char rare = p.text().charAt(p.rare());
            TokenPrefix[] same = TOKEN_PREFIXES_BY_RARE[rare];
            same = same == null ? new TokenPrefix[1] : Arrays.copyOf(same, same.length + 1);
            same[same.length - 1] = p;
            TOKEN_PREFIXES_BY_RARE[rare] = same;
        }
    }

    /** Whether a token prefix has its rare character at {@code i}; every occurrence has, so none is missed. */
    private static boolean tokenPrefixAt(String text, int i, char c) {
        if (c >= 128 || TOKEN_PREFIXES_BY_RARE[c] == null) return false;
        for (TokenPrefix p : TOKEN_PREFIXES_BY_RARE[c]) if (startsAt(text, i - p.rare(), p.text())) return true;
        return false;
    }

    private static final String KEY_BLOCK_MARK = "PRIVATE KEY-----";

    /** The candidate bits of every prefilter that holds somewhere in {@code text}. */
    static int candidates(String text) {
        int bits = 0;
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
            if (c >= 'a' && c <= 'z' && c != 'x') {
                // most characters: a lower-case letter ends every digit run and starts nothing looked for
                // (token prefixes are looked for at their rarer characters, below)
                cardRun = 0;
                phoneRun = 0;
                quadDots = 0;
                quadDigits = 0;
                continue;
            }
            if ((bits & TOKEN_PREFIX) == 0 && tokenPrefixAt(text, i, c)) bits |= TOKEN_PREFIX;
            if (isUpper(c)) {
                // two capital letters followed by two digits
                if (i + 3 < n
                        && isUpper(text.charAt(i + 1))
                        && isDigit(text.charAt(i + 2))
                        && isDigit(text.charAt(i + 3))) bits |= IBAN_START;
                if (c == 'P' && (bits & KEY_BLOCK) == 0 && startsAt(text, i, KEY_BLOCK_MARK)) bits |= KEY_BLOCK;
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
                case '=' -> bits |= assignedKeywords(text, i, bits);
                default -> {}
            }
            if (c == ':') bits |= assignedKeywords(text, i, bits);
        }
        return bits;
    }

    /**
     * The password and secret bits of the name assigned to at {@code assignment} (a {@code :} or
     * {@code =}): a keyword ({@code pass}, {@code pwd}; {@code key}, {@code token}, {@code secret}, any
     * case) followed by letters, digits, {@code _} or {@code -}, an optional quote and spaces, then the
     * assignment, the shape of every {@code name = value} rule. Such a keyword lies in the run of those
     * characters that ends, after the optional quote and the spaces, right before the assignment, and
     * any keyword in that run has that shape, so only the run is looked at: one short look per {@code :}
     * or {@code =} instead of a look ahead from every p, k, t or s in the text. Bits already set are not
     * looked for again.
     */
    private static int assignedKeywords(String text, int assignment, int bits) {
        if ((bits & (PASSWORD_ASSIGNMENT | SECRET_ASSIGNMENT)) == (PASSWORD_ASSIGNMENT | SECRET_ASSIGNMENT)) return 0;
        int end = nameEnd(text, assignment);
        int start = nameStart(text, end);
        int found = 0;
        for (int i = start; i < end; i++) {
            switch (text.charAt(i) | 0x20) {
                case 'p' -> {
                    if ((bits & PASSWORD_ASSIGNMENT) == 0
                            && (keywordAt(text, i, end, "pass") || keywordAt(text, i, end, "pwd")))
                        found |= PASSWORD_ASSIGNMENT;
                }
                case 'k' -> {
                    if ((bits & SECRET_ASSIGNMENT) == 0 && keywordAt(text, i, end, "key")) found |= SECRET_ASSIGNMENT;
                }
                case 't' -> {
                    if ((bits & SECRET_ASSIGNMENT) == 0 && keywordAt(text, i, end, "token")) found |= SECRET_ASSIGNMENT;
                }
                case 's' -> {
                    if ((bits & SECRET_ASSIGNMENT) == 0 && keywordAt(text, i, end, "secret"))
                        found |= SECRET_ASSIGNMENT;
                }
                default -> {}
            }
        }
        return found;
    }

    /** Where the name assigned to at {@code assignment} ends: before the spaces and an optional quote. */
    private static int nameEnd(String text, int assignment) {
        int end = assignment;
        while (end > 0 && Character.isWhitespace(text.charAt(end - 1))) end--;
        if (end > 0 && (text.charAt(end - 1) == '"' || text.charAt(end - 1) == '\'')) end--;
        return end;
    }

    private static int nameStart(String text, int end) {
        int start = end;
        while (start > 0 && isNameChar(text.charAt(start - 1))) start--;
        return start;
    }

    private static boolean isNameChar(char c) {
        if (c < 0x80) {
            int lower = c | 0x20;
            return (lower >= 'a' && lower <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
        }
        return Character.isLetterOrDigit(c);
    }

    /**
     * {@code text.startsWith(prefix, i)} for a short prefix: a plain loop, as startsWith's vectorised
     * compare costs more to set up than it saves on a handful of characters, at every e and s of a text.
     */
    private static boolean startsAt(String text, int i, String prefix) {
        if (i < 0 || i + prefix.length() > text.length()) return false;
        for (int q = 0; q < prefix.length(); q++) if (text.charAt(i + q) != prefix.charAt(q)) return false;
        return true;
    }

    /** Whether the keyword (any case) starts at {@code i} and ends by {@code end}. */
    private static boolean keywordAt(String text, int i, int end, String lowerKeyword) {
        int k = lowerKeyword.length();
        if (i + k > end) return false;
        // ASCII letters compared directly; regionMatches (slow, Unicode case rules) only past a non-ASCII one
        for (int q = 0; q < k; q++) {
            char c = text.charAt(i + q);
            if (c >= 0x80) return text.regionMatches(true, i, lowerKeyword, 0, k);
            if ((c | 0x20) != lowerKeyword.charAt(q)) return false;
        }
        return true;
    }

    // ---- where the whole-text patterns can first match (each match holds what is looked for, at or
    // after the returned place): the pattern then starts there instead of at the top of the text

    /** The earliest token prefix, less the characters a match can start before it. */
    private static int firstTokenPrefix(String text) {
        int first = Integer.MAX_VALUE;
        for (TokenPrefix p : TOKEN_PREFIXES) {
            int i = text.indexOf(p.text());
            if (i >= 0) first = Math.min(first, Math.max(0, i - p.before()));
        }
        return first == Integer.MAX_VALUE ? -1 : first;
    }

    /**
     * The start of the first assigned name holding a keyword of {@code bit} (see {@link #assignedKeywords}):
     * a match of the name = value patterns is a keyword ending such a name, so it starts in it.
     */
    private static int firstAssignedName(String text, int bit) {
        int other = (PASSWORD_ASSIGNMENT | SECRET_ASSIGNMENT) & ~bit; // counted as found: only bit is looked for
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c == ':' || c == '=') && assignedKeywords(text, i, other) != 0)
                return nameStart(text, nameEnd(text, i));
        }
        return -1;
    }

    /** The start of the local part before the first {@code @}: no run of its characters reaches an earlier one. */
    private static int firstEmailStart(String text) {
        int at = text.indexOf('@');
        if (at < 0) return -1;
        int start = at;
        while (start > 0 && isLocalPartChar(text.charAt(start - 1))) start--;
        return start;
    }

    private static boolean isLocalPartChar(char c) {
        int lower = c | 0x20;
        return (lower >= 'a' && lower <= 'z') || isDigit(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
    }

    /** The first two capital letters followed by two digits, as an IBAN starts. */
    private static int firstIbanStart(String text) {
        for (int i = 0; i + 3 < text.length(); i++) {
            if (isUpper(text.charAt(i))
                    && isUpper(text.charAt(i + 1))
                    && isDigit(text.charAt(i + 2))
                    && isDigit(text.charAt(i + 3))) return i;
        }
        return -1;
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
