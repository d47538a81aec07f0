package ai.enclave.portal.charts;

import java.util.Locale;

/** The text parts the charts share: labels, numbers as short as they can be read, XML escaping. */
final class SvgText {

    private SvgText() {}

    static void label(StringBuilder out, int x, int y, String text, String anchor) {
        out.append(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#666\" text-anchor=\"%s\">%s</text>",
                x,
                y,
                anchor,
                escape(text)));
    }

    static String number(double value) {
        return Math.abs(value) >= 100 || value == Math.rint(value)
                ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, "%.3g", value);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
