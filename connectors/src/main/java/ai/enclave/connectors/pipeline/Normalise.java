package ai.enclave.connectors.pipeline;

import ai.enclave.connectors.spi.Document;
import java.text.Normalizer;

/**
 * Text clean-up every later stage relies on: Unicode NFC, line breaks to {@code \n}, control and
 * invisible format characters removed (zero-width space, BOM, soft hyphen; the joiners U+200C/U+200D
 * stay because Persian and emoji need them), exotic spaces to a plain space, trailing spaces cut, runs
 * of blank lines cut to one. Runs of spaces are collapsed (and
 * leading ones cut) in prose only: in code ({@code kind=code}) indentation and alignment carry meaning. A document left empty is dropped.
 */
public final class Normalise implements Stage {
    @Override
    public String name() {
        return "normalise";
    }

    @Override
    public Verdict apply(Document document) {
        String text =
                normalise(document.text(), "code".equals(document.metadata().get("kind")));
        return text.isEmpty() ? Verdict.drop("empty", null) : Verdict.keep(document.withText(text));
    }

    static String normalise(String raw, boolean code) {
        String nfc = Normalizer.normalize(raw, Normalizer.Form.NFC);
        int n = nfc.length();
        // One array, no per-line buffer: a line is written where it will stay, after room for the
        // separator it will need ("\n", or "\n\n" after blank lines; known when the line starts, as
        // blank lines come before it), and the separator is filled in once the line proves non-empty.
        // Output never outruns input by more than that room: every kept character was read.
        char[] out = new char[n + 2];
        int pos = 0; // end of the text so far
        int blankRun = 0;
        boolean started = false;
        int lineStart = 0; // where the current line's characters begin
        int cur = 0; // end of the current line
        for (int i = 0; i <= n; i++) {
            char c = i < n ? nfc.charAt(i) : '\n';
            if (c > ' ' && c < 0x7F) { // printable ASCII, most characters: nothing to decide
                out[cur++] = c;
                continue;
            }
            if (c == '\r') {
                if (i + 1 < n && nfc.charAt(i + 1) == '\n') continue;
                c = '\n';
            }
            if (c == '\n') {
                while (cur > lineStart && (out[cur - 1] == ' ' || out[cur - 1] == '\t')) cur--;
                if (cur == lineStart) {
                    blankRun++;
                } else {
                    for (int s = pos; s < lineStart; s++) out[s] = '\n';
                    pos = cur;
                    started = true;
                    blankRun = 0;
                }
                lineStart = pos + (started ? (blankRun > 0 ? 2 : 1) : 0);
                cur = lineStart;
                continue;
            }
            if (isSpace(c)) {
                if (code) out[cur++] = c == '\t' ? '\t' : ' ';
                else if (cur > lineStart && out[cur - 1] != ' ') out[cur++] = ' ';
                continue;
            }
            if (dropped(c)) continue;
            out[cur++] = c;
        }
        return new String(out, 0, pos);
    }

    private static boolean isSpace(char c) {
        return c == ' '
                || c == '\t'
                || c == '\u00A0'
                || c == '\u3000'
                || c == '\u202F'
                || c == '\u205F'
                || (c >= '\u2000' && c <= '\u200A')
                || c == '\u000B'
                || c == '\f';
    }

    private static boolean dropped(char c) {
        if (c == '\u200C' || c == '\u200D') return false;
        int type = Character.getType(c);
        return type == Character.CONTROL || c == '\u200B' || c == '\uFEFF' || c == '\u00AD' || c == '\u2060';
    }
}
