package ai.enclave.connectors.pipeline;

import ai.enclave.connectors.spi.Document;
import com.github.pemistahl.lingua.api.IsoCode639_1;
import com.github.pemistahl.lingua.api.Language;
import com.github.pemistahl.lingua.api.LanguageDetector;
import com.github.pemistahl.lingua.api.LanguageDetectorBuilder;
import java.lang.Character.UnicodeScript;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Tags each prose document with its language (metadata {@code language}: an ISO 639-1 code, or
 * {@code unknown} when the detector is not sure) and counts documents per language; optionally drops
 * languages not in the keep list. Code is tagged {@code code} and never dropped. Pure and thread-safe.
 *
 * <p>Only the first {@code sampleChars} characters are looked at, in three steps, cheapest first:
 * <ol>
 *   <li>the script of most letters: when exactly one candidate language is written in it (Hangul: ko,
 *       kana: ja, Han without kana: zh, Devanagari among the defaults: hi, Arabic: ar, ...) that is the
 *       answer;
 *   <li>otherwise function words: the candidate whose list of about 30 very common words has at least
 *       3 of the sample's words and scores 1.5 times the runner-up (a word on n lists scores 1/n) is
 *       the answer when every candidate has a list or its own script (the defaults do); with other
 *       candidates the words must also make a tenth of the sample and score twice the runner-up
 *       (running text is 30-50% function words; tables and code mixed with prose still pass);
 *   <li>otherwise Lingua (n-gram models, no network, low-accuracy mode, which loads only trigram models
 *       and is reliable on paragraph-length text) decides.
 * </ol>
 * Lingua costs 0.1 to several ms per call (measured: ~7 ms on table and code-like samples on a busy
 * 2-core machine) and runs its per-language work as tasks on the common fork-join pool (one worker on
 * 2 cores), which made it the pipeline's bottleneck; the first two steps answer for nearly every
 * document in microseconds and agree with Lingua on clear text.
 */
public final class LanguageId implements Stage {
    /** Function words per language (lower case), the second step's evidence. */
    private static final Map<String, String> FUNCTION_WORDS = Map.ofEntries(
            Map.entry(
                    "en",
                    "the of and to in is that for it with as was on are be by this have from or at not but"
                            + " they which you his her an were has been their will would there"),
            Map.entry(
                    "de",
                    "der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als auch es"
                            + " an werden aus er hat dass sie nach wird bei einer um am sind noch wie einem über einen"),
            Map.entry(
                    "fr",
                    "le la les de des et en un une du que qui dans pour pas sur au avec est sont ce il elle"
                            + " nous vous par plus ne se mais ou son sa ses aux été cette"),
            Map.entry(
                    "es",
                    "el la los las de del y en que un una por con para es son se no al lo como su más pero"
                            + " sus le ya fue este esta entre cuando muy sin sobre también"),
            Map.entry(
                    "it",
                    "il lo la gli le di del della e che un una per con non sono è si da in al nel alla dei"
                            + " delle questo anche più come ma ha essere"),
            Map.entry(
                    "pt",
                    "o a os as de do da dos das e que um uma para com não por em no na se mais como mas foi"
                            + " ao ele ela são seu sua também pelo pela"),
            Map.entry(
                    "nl",
                    "de het een en van in is dat op te zijn met voor niet aan er maar om ook als bij door naar"
                            + " dan wordt uit worden deze hij ze"),
            Map.entry(
                    "pl",
                    "i w na z że się nie do to jest o jak ale po co tak od za przez są jego jej dla oraz czy"
                            + " który która które być może tylko"),
            Map.entry(
                    "sv",
                    "och i att det som en på är av för med till den har de inte om ett men var jag så kan från"
                            + " eller vid när också skulle"),
            Map.entry(
                    "da",
                    "og i at det som en på er af for med til den har de ikke om et men var jeg så kan fra"
                            + " eller ved når også skal"),
            Map.entry(
                    "cs",
                    "a v se na je že s z do to o jako by ale jsou pro jeho který která které bylo byl jsem"
                            + " také jen už nebo podle při"),
            Map.entry(
                    "tr",
                    "ve bir bu da de için ile olarak olan gibi daha çok en ne var değil ama kadar sonra her"
                            + " şey ben o mi mı"),
            Map.entry(
                    "ru",
                    "и в не на что с по как это из от он она но для то же бы так все его её был была были"
                            + " также или мы вы они при"),
            Map.entry(
                    "uk",
                    "і в не на що з по як це та від він вона але для то же би так все його її був була були"
                            + " також або ми ви вони при"));

    /** Languages Lingua knows per script (ISO 639-1), for the first step. */
    private static final Map<UnicodeScript, List<String>> SCRIPT_LANGUAGES = new EnumMap<>(Map.ofEntries(
            Map.entry(UnicodeScript.HANGUL, List.of("ko")),
            Map.entry(UnicodeScript.HIRAGANA, List.of("ja")),
            Map.entry(UnicodeScript.KATAKANA, List.of("ja")),
            Map.entry(UnicodeScript.HAN, List.of("zh")), // Japanese has kana (checked first)
            Map.entry(UnicodeScript.CYRILLIC, List.of("ru", "uk", "be", "bg", "kk", "mk", "mn", "sr")),
            Map.entry(UnicodeScript.ARABIC, List.of("ar", "fa", "ur")),
            Map.entry(UnicodeScript.DEVANAGARI, List.of("hi", "mr")),
            Map.entry(UnicodeScript.GREEK, List.of("el")),
            Map.entry(UnicodeScript.HEBREW, List.of("he")),
            Map.entry(UnicodeScript.THAI, List.of("th")),
            Map.entry(UnicodeScript.GEORGIAN, List.of("ka")),
            Map.entry(UnicodeScript.ARMENIAN, List.of("hy")),
            Map.entry(UnicodeScript.BENGALI, List.of("bn")),
            Map.entry(UnicodeScript.GUJARATI, List.of("gu")),
            Map.entry(UnicodeScript.GURMUKHI, List.of("pa")),
            Map.entry(UnicodeScript.TAMIL, List.of("ta")),
            Map.entry(UnicodeScript.TELUGU, List.of("te"))));

    private final LanguageDetector detector;
    private final Set<String> keep;
    private final int sampleChars;
    /** Per script: the one candidate written in it, or null when there are several or none. */
    private final Map<UnicodeScript, String> onlyCandidate = new EnumMap<>(UnicodeScript.class);
    /** Function word to the candidate languages whose list has it. */
    private final Map<String, List<String>> functionWords = new HashMap<>();
    /**
     * Every candidate has a function-word list or its own script: then any prose among the candidates is
     * covered by the first two steps, and a plain majority of function words may decide.
     */
    private final boolean covered;

    public LanguageId(LanguageConfig config) {
        IsoCode639_1[] codes = config.candidates().stream()
                .map(c -> {
                    try {
                        return IsoCode639_1.valueOf(c.toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("unknown ISO 639-1 language code '" + c + "'");
                    }
                })
                .toArray(IsoCode639_1[]::new);
        LanguageDetectorBuilder builder = codes.length == 0
                ? LanguageDetectorBuilder.fromAllLanguages()
                : LanguageDetectorBuilder.fromIsoCodes639_1(codes);
        this.detector = builder.withLowAccuracyMode().build();
        this.keep = new HashSet<>(config.keep());
        this.sampleChars = config.sampleChars();
        Set<String> candidates = new HashSet<>(config.candidates());
        SCRIPT_LANGUAGES.forEach((script, languages) -> {
            List<String> in = candidates.isEmpty()
                    ? languages
                    : languages.stream().filter(candidates::contains).toList();
            if (in.size() == 1) onlyCandidate.put(script, in.getFirst());
        });
        Set<String> ownScript = new HashSet<>(onlyCandidate.values());
        this.covered = !candidates.isEmpty()
                && candidates.stream().allMatch(c -> FUNCTION_WORDS.containsKey(c) || ownScript.contains(c));
        FUNCTION_WORDS.forEach((language, words) -> {
            if (!candidates.isEmpty() && !candidates.contains(language)) return;
            for (String w : words.split(" ")) {
                List<String> languages = functionWords.computeIfAbsent(w, k -> new ArrayList<>());
                if (!languages.contains(language)) languages.add(language);
            }
        });
    }

    @Override
    public String name() {
        return "language";
    }

    @Override
    public Verdict apply(Document document) {
        String language = "code".equals(document.metadata().get("kind")) ? "code" : detect(document.text());
        Map<String, String> meta = new HashMap<>(document.metadata());
        meta.put("language", language);
        Document tagged = new Document(document.id(), document.text(), meta);
        if (!keep.isEmpty() && !language.equals("code") && !keep.contains(language)) {
            return Verdict.drop("language-not-kept", language);
        }
        return Verdict.keep(tagged, Map.of(language, 1));
    }

    String detect(String text) {
        String sample = text.length() <= sampleChars ? text : text.substring(0, sampleChars);
        String byScript = byScript(sample);
        if (byScript != null) return byScript;
        String byWords = byFunctionWords(sample);
        if (byWords != null) return byWords;
        Language l = detector.detectLanguageOf(sample);
        return l == Language.UNKNOWN ? "unknown" : l.getIsoCode639_1().name().toLowerCase(Locale.ROOT);
    }

    /** The one candidate written in the script of most letters (kana anywhere means Japanese), or null. */
    private String byScript(String sample) {
        int latin = 0, other = 0, kana = 0;
        UnicodeScript top = null;
        Map<UnicodeScript, Integer> counts = null;
        for (int i = 0; i < sample.length(); i++) {
            char c = sample.charAt(i);
            if (c < 128) {
                if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') latin++;
                continue;
            }
            if (!Character.isLetter(c)) continue;
            UnicodeScript s = UnicodeScript.of(c);
            if (s == UnicodeScript.LATIN) {
                latin++;
                continue;
            }
            if (s == UnicodeScript.HIRAGANA || s == UnicodeScript.KATAKANA) kana++;
            if (counts == null) counts = new EnumMap<>(UnicodeScript.class);
            int n = counts.merge(s, 1, Integer::sum);
            other++;
            if (top == null || n > counts.get(top)) top = s;
        }
        if (other <= latin || top == null) return null;
        if (kana > 0 && (top == UnicodeScript.HAN || top == UnicodeScript.HIRAGANA || top == UnicodeScript.KATAKANA))
            top = UnicodeScript.HIRAGANA;
        return onlyCandidate.get(top);
    }

    /**
     * The candidate with at least 3 function words in the sample whose score is 1.5 times the runner-up's
     * when the candidates are {@link #covered}; otherwise (a candidate list may be missing its language)
     * they must also make a tenth of the words and score twice the runner-up's. Null when unsure. A word
     * shared by n candidates' lists scores 1/n for each, so words common to the Romance or Scandinavian
     * languages do not hide the distinctive ones.
     */
    private String byFunctionWords(String sample) {
        Map<String, double[]> hits = new HashMap<>(); // language -> {score, words}
        int words = 0;
        StringBuilder word = new StringBuilder();
        for (int i = 0; i <= sample.length(); i++) {
            char c = i < sample.length() ? sample.charAt(i) : ' ';
            if (Character.isLetter(c)) {
                word.append(Character.toLowerCase(c));
                continue;
            }
            if (word.isEmpty()) continue;
            words++;
            List<String> languages = functionWords.get(word.toString());
            if (languages != null) {
                for (String l : languages) {
                    double[] h = hits.computeIfAbsent(l, k -> new double[2]);
                    h[0] += 1.0 / languages.size();
                    h[1]++;
                }
            }
            word.setLength(0);
        }
        String best = null;
        double first = 0, second = 0, bestWords = 0;
        for (Map.Entry<String, double[]> e : hits.entrySet()) {
            double score = e.getValue()[0];
            if (score > first) {
                second = first;
                first = score;
                best = e.getKey();
                bestWords = e.getValue()[1];
            } else if (score > second) second = score;
        }
        if (best == null || bestWords < 3) return null;
        if (covered) return first > 1.5 * second ? best : null;
        return bestWords * 10 >= words && first >= 2 * second ? best : null;
    }
}
