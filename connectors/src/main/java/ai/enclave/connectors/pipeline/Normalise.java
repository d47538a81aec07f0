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
        StringBuilder out = new StringBuilder(nfc.length());
        StringBuilder line = new StringBuilder();
        int blankRun = 0;
        boolean started = false;
        for (int i = 0; i <= nfc.length(); i++) {
            char c = i < nfc.length() ? nfc.charAt(i) : '\n';
            if (c > ' ' && c < 0x7F) { // printable ASCII, most characters: nothing to decide
                line.append(c);
                continue;
            }
            if (c == '\r') {
                if (i + 1 < nfc.length() && nfc.charAt(i + 1) == '\n') continue;
                c = '\n';
            }
            if (c == '\n') {
                int end = line.length();
                while (end > 0 && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) end--;
                line.setLength(end);
                if (line.isEmpty()) {
                    blankRun++;
                } else {
                    if (started) out.append(blankRun > 0 ? "\n\n" : "\n");
                    out.append(line);
                    started = true;
                    blankRun = 0;
                }
                line.setLength(0);
                continue;
            }
            if (isSpace(c)) {
                if (code) line.append(c == '\t' ? '\t' : ' ');
                else if (!line.isEmpty() && line.charAt(line.length() - 1) != ' ') line.append(' ');
                continue;
            }
            if (dropped(c)) continue;
            line.append(c);
        }
        return out.toString();
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
