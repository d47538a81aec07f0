package ai.enclave.training.ui;

import static org.assertj.core.api.Assertions.assertThat;

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
}
