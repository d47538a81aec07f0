package ai.enclave.worker.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    @Test
    void the_line_shows_the_share_done_the_steps_and_the_time_left() {
        String line = ProgressBar.line("Training", Optional.of(new ProgressBar.Fraction(150, 300, 20)));

        assertThat(line).isEqualTo("Training [###############---------------]  50% 150/300, 20 s left");
    }

    @Test
    void outside_a_terminal_it_prints_a_line_only_when_another_tenth_is_done() {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(text, true), false);

        for (int step = 0; step <= 300; step += 5) {
            bar.show("Training", Optional.of(new ProgressBar.Fraction(step, 300, -1)));
        }

        assertThat(text.toString().lines()).hasSize(11).last().asString().contains("100% 300/300");
    }
}
