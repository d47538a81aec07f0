package ai.enclave.portal.charts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BarChartTest {

    @Test
    void bars_are_as_long_as_their_share_of_the_largest_value_and_never_vanish_above_zero() {
        int room = BarChart.WIDTH - BarChart.LABEL_WIDTH - BarChart.VALUE_WIDTH;

        assertThat(BarChart.width(100, 100)).isEqualTo(room);
        assertThat(BarChart.width(50, 100)).isEqualTo(room / 2);
        assertThat(BarChart.width(1, 1_000_000)).isEqualTo(1);
        assertThat(BarChart.width(0, 100)).isZero();
    }

    @Test
    void each_row_names_its_category_and_says_its_values_with_the_back_bar_behind_the_front() {
        String svg = BarChart.svg(List.of(new BarChart.Bar("quality", 57, 60L), BarChart.Bar.of("<email>", 3)));

        assertThat(svg).startsWith("<svg").endsWith("</svg>");
        assertThat(svg)
                .contains(">quality<")
                .contains(">57 of 60<")
                .contains(">&lt;email&gt;<")
                .contains(">3<");
        assertThat(svg.indexOf(BarChart.BACK_COLOR)).isLessThan(svg.indexOf(BarChart.FRONT_COLOR));
    }
}
