package ai.enclave.portal.charts;

import com.vaadin.flow.component.HasSize;
import com.vaadin.flow.component.Svg;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A line chart drawn as inline SVG on the server: one polyline per series over shared axes, with the
 * axis ranges written at the corners and a legend. Enough for a loss curve; not a charting library
 * (Vaadin Charts needs a commercial licence and a network check, so it is out).
 *
 * <p>Coordinates: the plot fills {@link #WIDTH} x {@link #HEIGHT} minus {@link #MARGIN} on each side;
 * larger y is drawn higher, as on paper.
 */
public class LineChart extends Svg implements HasSize {

    static final int WIDTH = 640;
    static final int HEIGHT = 260;
    static final int MARGIN = 40;

    public record Point(double x, double y) {}

    /** @param color any CSS colour, e.g. {@code #1676f3} */
    public record Series(String name, String color, List<Point> points) {
        public Series {
            Objects.requireNonNull(name, "name is null");
            Objects.requireNonNull(color, "color is null");
            points = List.copyOf(points);
        }
    }

    /** The data ranges the plot area spans. */
    record Bounds(double minX, double maxX, double minY, double maxY) {

        static Bounds of(List<Series> series) {
            double minX = Double.POSITIVE_INFINITY, maxX = Double.NEGATIVE_INFINITY;
            double minY = Double.POSITIVE_INFINITY, maxY = Double.NEGATIVE_INFINITY;
            for (Series s : series) {
                for (Point p : s.points()) {
                    minX = Math.min(minX, p.x());
                    maxX = Math.max(maxX, p.x());
                    minY = Math.min(minY, p.y());
                    maxY = Math.max(maxY, p.y());
                }
            }
            if (minX > maxX) {
                return new Bounds(0, 1, 0, 1);
            }
            // A single step or a flat line still needs a range to divide by.
            if (maxX == minX) {
                maxX = minX + 1;
            }
            if (maxY == minY) {
                minY -= 0.5;
                maxY += 0.5;
            }
            return new Bounds(minX, maxX, minY, maxY);
        }
    }

    public LineChart() {
        show(List.of());
    }

    /** Redraws the chart with these series. */
    public void show(List<Series> series) {
        setSvg(svg(series));
    }

    static String svg(List<Series> series) {
        Bounds bounds = Bounds.of(series);
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"100%%\" role=\"img\">",
                WIDTH,
                HEIGHT));
        int right = WIDTH - MARGIN, bottom = HEIGHT - MARGIN;
        out.append(String.format(
                Locale.ROOT,
                "<path d=\"M%d,%d L%d,%d L%d,%d\" fill=\"none\" stroke=\"#999\" stroke-width=\"1\"/>",
                MARGIN,
                MARGIN,
                MARGIN,
                bottom,
                right,
                bottom));
        SvgText.label(out, 2, MARGIN + 4, SvgText.number(bounds.maxY()), "start");
        SvgText.label(out, 2, bottom, SvgText.number(bounds.minY()), "start");
        SvgText.label(out, MARGIN, bottom + 16, SvgText.number(bounds.minX()), "start");
        SvgText.label(out, right, bottom + 16, SvgText.number(bounds.maxX()), "end");
        int legendX = MARGIN + 8;
        for (Series s : series) {
            if (!s.points().isEmpty()) {
                out.append("<path d=\"")
                        .append(path(s.points(), bounds))
                        .append("\" fill=\"none\" stroke=\"")
                        .append(SvgText.escape(s.color()))
                        .append("\" stroke-width=\"2\"/>");
            }
            out.append(String.format(
                    Locale.ROOT,
                    "<rect x=\"%d\" y=\"12\" width=\"12\" height=\"4\" fill=\"%s\"/>",
                    legendX,
                    SvgText.escape(s.color())));
            SvgText.label(out, legendX + 16, 18, s.name(), "start");
            legendX += 24 + 8 * s.name().length();
        }
        return out.append("</svg>").toString();
    }

    /** The SVG path through the points: "M" to the first, "L" to each next, in plot coordinates. */
    static String path(List<Point> points, Bounds bounds) {
        double plotWidth = WIDTH - 2.0 * MARGIN, plotHeight = HEIGHT - 2.0 * MARGIN;
        StringBuilder d = new StringBuilder();
        for (Point p : points) {
            double x = MARGIN + (p.x() - bounds.minX()) / (bounds.maxX() - bounds.minX()) * plotWidth;
            double y = MARGIN + (bounds.maxY() - p.y()) / (bounds.maxY() - bounds.minY()) * plotHeight;
            d.append(d.isEmpty() ? "M" : " L").append(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
        }
        return d.toString();
    }
}
