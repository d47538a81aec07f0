package ai.enclave.connectors.testing;

import java.util.Random;

/** Seeded random English-looking prose for tests: sentences of common words, paragraphs of sentences. */
public final class Prose {
    private static final String[] WORDS = ("the of and to in is was for that with as on by at from this are be have"
                    + " which it an or not but their has had were its more also been one new other after first two"
                    + " company report policy customer service data model training market product team quarter"
                    + " revenue growth budget office travel expense approval manager employee contract supplier"
                    + " delivery quality safety process system network security access review meeting schedule"
                    + " project release version support request ticket incident change window storage backup"
                    + " invoice payment account balance region sales target strategy research analysis result"
                    + " figure table section chapter summary detail example question answer decision risk plan")
            .split(" ");

    private Prose() {}

    public static String paragraph(Random r, int sentences) {
        StringBuilder sb = new StringBuilder();
        for (int s = 0; s < sentences; s++) {
            int n = 8 + r.nextInt(12);
            for (int i = 0; i < n; i++) {
                String w = WORDS[r.nextInt(WORDS.length)];
                sb.append(i == 0 ? Character.toUpperCase(w.charAt(0)) + w.substring(1) : w);
                sb.append(i == n - 1 ? ". " : " ");
            }
        }
        return sb.toString().strip();
    }

    /** Several paragraphs, one per line, about {@code words} words in all. */
    public static String document(Random r, int words) {
        StringBuilder sb = new StringBuilder();
        while (sb.length() < words * 6) sb.append(paragraph(r, 4)).append('\n');
        return sb.toString().strip();
    }
}
