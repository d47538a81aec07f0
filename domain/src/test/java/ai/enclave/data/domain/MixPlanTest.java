package ai.enclave.data.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class MixPlanTest {

    @Test
    void weights_split_the_token_budget_and_give_the_epochs_of_each_source() {
        MixPlan plan = MixPlan.of(
                List.of(new MixPlan.Part("wiki", 1_000_000, 7), new MixPlan.Part("tickets", 100_000, 3)), 1_000_000);

        assertThat(plan.rows()).extracting(MixPlan.Row::share).containsExactly(0.7, 0.3);
        assertThat(plan.rows()).extracting(MixPlan.Row::tokensTaken).containsExactly(700_000L, 300_000L);
        assertThat(plan.rows().get(0).epochs()).isCloseTo(0.7, within(1e-12));
        assertThat(plan.rows().get(1).epochs()).isCloseTo(3.0, within(1e-12));
        assertThat(plan.warnings()).isEmpty();
    }

    @Test
    void a_source_read_more_than_four_times_gets_a_warning_naming_it_and_the_count() {
        MixPlan plan = MixPlan.of(
                List.of(new MixPlan.Part("wiki", 1_000_000, 1), new MixPlan.Part("tickets", 50_000, 1)), 1_000_000);

        assertThat(plan.warnings()).singleElement().satisfies(row -> {
            assertThat(row.label()).isEqualTo("tickets");
            assertThat(row.epochs()).isCloseTo(10.0, within(1e-12));
            assertThat(row.warning()).startsWith("tickets would be read 10.0 times");
        });
    }

    @Test
    void weights_that_are_not_positive_numbers_and_an_empty_budget_are_refused_by_name() {
        assertThatThrownBy(() -> new MixPlan.Part("wiki", 10, 0))
                .hasMessage("the weight of wiki must be a positive number, not 0.0");
        assertThatThrownBy(() -> new MixPlan.Part("wiki", 10, Double.NaN))
                .hasMessage("the weight of wiki must be a positive number, not NaN");
        assertThatThrownBy(() -> new MixPlan.Part("wiki", 0, 1)).hasMessage("wiki has no training tokens");
        assertThatThrownBy(() -> MixPlan.of(List.of(new MixPlan.Part("wiki", 10, 1)), 0))
                .hasMessage("the token budget must be positive, not 0");
    }
}
