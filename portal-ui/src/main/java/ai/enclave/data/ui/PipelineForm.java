package ai.enclave.data.ui;

import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.shared.Registration;

/**
 * The settings of a pipeline run over the chosen source (the size of the tokenizer vocabulary to
 * train, the share of documents held out for evaluation) and its "Run pipeline" button. Fires
 * {@link RunEvent}; the page decides which source it runs on.
 */
public class PipelineForm extends Composite<HorizontalLayout> {

    static final int DEFAULT_VOCAB_SIZE = 2048;
    static final double DEFAULT_HELD_OUT = 0.1;

    final IntegerField vocabSize = new IntegerField("Tokenizer vocabulary size");
    final NumberField heldOut = new NumberField("Held-out fraction");
    final Button run = new Button("Run pipeline");

    /** The settings of one pipeline run. */
    public record Settings(int vocabSize, double heldOutFraction) {}

    public static class RunEvent extends ComponentEvent<PipelineForm> {
        private final Settings settings;

        RunEvent(PipelineForm source, Settings settings) {
            super(source, false);
            this.settings = settings;
        }

        public Settings settings() {
            return settings;
        }
    }

    public PipelineForm() {
        vocabSize.setId("pipeline-vocab-size");
        vocabSize.setValue(DEFAULT_VOCAB_SIZE);
        vocabSize.setStepButtonsVisible(true);
        vocabSize.setStep(256);
        heldOut.setId("pipeline-held-out");
        heldOut.setValue(DEFAULT_HELD_OUT);
        heldOut.setStep(0.05);
        heldOut.setHelperText("Documents kept apart to measure eval loss.");
        run.setId("run-pipeline");
        run.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        run.addClickListener(click -> fireEvent(new RunEvent(this, settings())));
        getContent().setAlignItems(FlexComponent.Alignment.BASELINE);
        getContent().add(vocabSize, heldOut, run);
    }

    public Registration addRunListener(ComponentEventListener<RunEvent> listener) {
        return addListener(RunEvent.class, listener);
    }

    /** The settings typed now; an emptied field falls back to its default. */
    Settings settings() {
        return new Settings(
                vocabSize.getValue() == null ? DEFAULT_VOCAB_SIZE : vocabSize.getValue(),
                heldOut.getValue() == null ? DEFAULT_HELD_OUT : heldOut.getValue());
    }

    /** Names the source the button runs on, or disables it when none is chosen. */
    void target(String sourceName) {
        run.setEnabled(sourceName != null);
        run.setText(sourceName == null ? "Run pipeline" : "Run pipeline on " + sourceName);
    }
}
