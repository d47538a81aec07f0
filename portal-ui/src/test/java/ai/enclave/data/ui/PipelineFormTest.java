package ai.enclave.data.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineFormTest {

    @Test
    void a_pipeline_run_trains_a_2048_token_vocabulary_and_holds_out_a_tenth_unless_told_otherwise() {
        PipelineForm form = new PipelineForm();
        form.target("handbook");
        List<PipelineForm.RunEvent> runs = new ArrayList<>();
        form.addRunListener(runs::add);

        form.run.click();
        form.vocabSize.setValue(4096);
        form.heldOut.clear();
        form.run.click();

        assertThat(runs)
                .extracting(PipelineForm.RunEvent::settings)
                .containsExactly(
                        new PipelineForm.Settings(null, 2048, 0.1), new PipelineForm.Settings(null, 4096, 0.1));
    }

    @Test
    void without_a_chosen_source_the_button_is_disabled() {
        PipelineForm form = new PipelineForm();

        form.target(null);

        assertThat(form.run.isEnabled()).isFalse();
    }
}
