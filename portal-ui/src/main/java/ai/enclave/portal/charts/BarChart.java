package ai.enclave.portal.charts;

import com.vaadin.flow.component.HasSize;
import com.vaadin.flow.component.Svg;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Horizontal bars drawn as inline SVG on the server, one row per category with its name on the left
 * and its values written at the end of the bars; a row may carry a second, lighter bar behind the
 * first (documents into a stage behind those that came out). For counts: languages, PII types, the
 * stages of a pipeline run. Like {@link LineChart}, not a charting library.
 */
public class BarChart extends Svg implements HasSize {

    static final int WIDTH = 640;
    static final int ROW_HEIGHT = 22;
    static final int LABEL_WIDTH = 150;
    static final int VALUE_WIDTH = 110;
    static final String FRONT_COLOR = "#1676f3";
    static final String BACK_COLOR = "#c9dcf7";

    /** @param back the lighter bar behind, or {@code null} for none */
    public record Bar(String label, long front, Long back) {
        public Bar {
            Objects.requireNonNull(label, "label is null");
        }

        public static Bar of(String label, long value) {
            return new Bar(label, value, null);
        }
    }

    public BarChart(List<Bar> bars) {
        setWidthFull();
        setSvg(svg(bars));
    }

    static String svg(List<Bar> bars) {
        int height = Math.max(1, bars.size()) * ROW_HEIGHT + 4;
        long max = 1;
        for (Bar bar : bars) {
            max = Math.max(max, Math.max(bar.front(), bar.back() == null ? 0 : bar.back()));
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"100%%\" role=\"img\">",
                WIDTH,
                height));
        int y = 2;
        for (Bar bar : bars) {
            SvgText.label(out, LABEL_WIDTH - 6, y + 15, bar.label(), "end");
            if (bar.back() != null) {
                rect(out, y, width(bar.back(), max), BACK_COLOR);
            }
            int front = width(bar.front(), max);
            rect(out, y, front, FRONT_COLOR);
            String value = bar.back() == null ? Long.toString(bar.front()) : bar.front() + " of " + bar.back();
            int end = LABEL_WIDTH + Math.max(front, bar.back() == null ? 0 : width(bar.back(), max));
            SvgText.label(out, end + 6, y + 15, value, "start");
            y += ROW_HEIGHT;
        }
        return out.append("</svg>").toString();
    }

    /** Bar length in pixels: proportional to the value, at least 1 pixel for a value above zero. */
    static int width(long value, long max) {
        int room = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
        return value <= 0 ? 0 : Math.max(1, (int) Math.round((double) value / max * room));
    }

    private static void rect(StringBuilder out, int y, int width, String color) {
        out.append(String.format(
                Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>",
                LABEL_WIDTH,
                y + 3,
                width,
                ROW_HEIGHT - 6,
                color));
    }
}
