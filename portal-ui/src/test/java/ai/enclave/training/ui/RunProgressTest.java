package ai.enclave.training.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RunProgressTest {

    @Test
    void progress_reads_the_workers_step_speed_and_time_left() {
        RunProgress p = RunProgress.of("{\"step\":12,\"steps\":40,\"tokensPerSecond\":812.5,\"etaSeconds\":95}", 40);

        assertThat(p.fraction()).isEqualTo(0.3);
        assertThat(p.stepText()).isEqualTo("12 / 40");
        assertThat(p.tokensPerSecondText()).isEqualTo("812.5");
        assertThat(p.etaText()).isEqualTo("1 min 35 s");
    }

    @Test
    void a_run_no_worker_reported_on_yet_is_at_step_0_of_its_planned_steps() {
        RunProgress p = RunProgress.of(null, 40);

        assertThat(p.fraction()).isZero();
        assertThat(p.stepText()).isEqualTo("0 / 40");
        assertThat(p.etaText()).isEmpty();
    }

    @Test
    void the_data_read_names_each_snapshot_with_its_epochs_in_mix_order() {
        String progress = "{\"step\": 20, \"steps\": 40, \"dataEpochs\": [0.42, 3.1]}";

        assertThat(RunProgress.dataReadText(progress, List.of("#3 Handbook", "#5 Wiki")))
                .isEqualTo("#3 Handbook 0.42 epochs · #5 Wiki 3.10 epochs");
        assertThat(RunProgress.dataReadText(null, List.of("#3 Handbook"))).isEmpty();
    }
}
