package ai.enclave.portal.charts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LineChartTest {

    @Test
    void points_map_to_the_plot_area_with_larger_values_drawn_higher() {
        // plot area: x 40..600, y 40..220 (640 x 260 minus a 40 margin)
        var bounds = new LineChart.Bounds(0, 10, 2, 4);

        String path = LineChart.path(
                List.of(new LineChart.Point(0, 4), new LineChart.Point(5, 3), new LineChart.Point(10, 2)), bounds);

        assertThat(path).isEqualTo("M40.0,40.0 L320.0,130.0 L600.0,220.0");
    }

    @Test
    void bounds_span_every_series_and_a_single_point_still_gets_a_range() {
        var both = LineChart.Bounds.of(List.of(
                new LineChart.Series("loss", "#000", List.of(new LineChart.Point(1, 5), new LineChart.Point(3, 4))),
                new LineChart.Series("eval", "#111", List.of(new LineChart.Point(2, 6)))));
        var single =
                LineChart.Bounds.of(List.of(new LineChart.Series("loss", "#000", List.of(new LineChart.Point(1, 5)))));

        assertThat(both).isEqualTo(new LineChart.Bounds(1, 3, 4, 6));
        assertThat(single).isEqualTo(new LineChart.Bounds(1, 2, 4.5, 5.5));
    }

    @Test
    void the_svg_draws_one_path_per_series_with_points_and_names_each_in_the_legend() {
        String svg = LineChart.svg(List.of(
                new LineChart.Series(
                        "train loss", "#1676f3", List.of(new LineChart.Point(0, 4), new LineChart.Point(1, 3))),
                new LineChart.Series("eval <loss>", "#e8590c", List.of())));

        assertThat(svg).startsWith("<svg").endsWith("</svg>");
        assertThat(svg).contains("stroke=\"#1676f3\"").doesNotContain("stroke=\"#e8590c\"");
        assertThat(svg).contains(">train loss<").contains(">eval &lt;loss&gt;<");
    }
}
