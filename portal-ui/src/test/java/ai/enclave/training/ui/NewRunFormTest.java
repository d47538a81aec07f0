package ai.enclave.training.ui;

import static org.assertj.core.api.Assertions.assertThat;

import ai.enclave.training.domain.ModelPreset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NewRunFormTest {

    @Test
    void the_form_starts_with_a_tiny_model_trained_from_scratch_for_a_short_run() {
        NewRunForm form = new NewRunForm();

        assertThat(form.base.getValue()).isEqualTo(NewRunForm.FROM_SCRATCH);
        assertThat(form.preset.getValue()).isEqualTo(ModelPreset.TINY);
        assertThat(form.seqLen.getValue()).isEqualTo(64);
        assertThat(form.steps.getValue()).isEqualTo(40);
        assertThat(form.batchSize.getValue()).isEqualTo(4);
        assertThat(form.learningRate.getValue()).isEqualTo(1e-3);
    }

    @Test
    void without_a_ready_snapshot_launch_fires_nothing_and_the_form_says_to_run_the_pipeline() {
        NewRunForm form = new NewRunForm();
        form.setChoices(List.of(), List.of(), List.of());
        List<NewRunForm.LaunchEvent> launched = new ArrayList<>();
        form.addLaunchListener(launched::add);

        form.launch.click();

        assertThat(launched).isEmpty();
        assertThat(form.request()).isEmpty();
        assertThat(form.missing()).contains("run the pipeline on the Data page");
    }

    @Test
    void every_field_change_asks_for_a_new_estimate() {
        NewRunForm form = new NewRunForm();
        List<NewRunForm.ChangeEvent> changes = new ArrayList<>();
        form.addChangeListener(changes::add);

        form.steps.setValue(200);
        form.learningRate.setValue(3e-4);
        form.preset.setValue(ModelPreset.SMALL);

        assertThat(changes).hasSize(3);
    }

    @Test
    void continuing_a_model_version_swaps_the_size_choice_for_the_version_choice() {
        NewRunForm form = new NewRunForm();

        form.base.setValue(NewRunForm.CONTINUE);

        assertThat(form.preset.isVisible()).isFalse();
        assertThat(form.baseModel.isVisible()).isTrue();
        assertThat(form.missing()).isNotBlank();
    }
}
