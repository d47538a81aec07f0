package ai.enclave.data.ui;

import ai.enclave.data.domain.DatasetSnapshot;
import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.shared.Registration;
import java.util.List;

/**
 * The settings of a pipeline run over the chosen source (train a new tokenizer of some vocabulary
 * size, or tokenize with the tokenizer of an existing snapshot so the two can be mixed; the share of
 * documents held out for evaluation) and its "Run pipeline" button. Fires
 * {@link RunEvent}; the page decides which source it runs on.
 */
public class PipelineForm extends Composite<HorizontalLayout> {

    static final int DEFAULT_VOCAB_SIZE = 2048;
    static final String TRAIN_NEW = "Train a new one";
    static final double DEFAULT_HELD_OUT = 0.1;

    final Select<DatasetSnapshot> tokenizer = new Select<>();
    final IntegerField vocabSize = new IntegerField("Tokenizer vocabulary size");
    final NumberField heldOut = new NumberField("Held-out fraction");
    final Button run = new Button("Run pipeline");

    /**
     * The settings of one pipeline run.
     *
     * @param tokenizerSnapshotId the snapshot whose tokenizer to use, or {@code null} to train a new
     *     one of {@code vocabSize} tokens
     */
    public record Settings(Long tokenizerSnapshotId, int vocabSize, double heldOutFraction) {}

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
        tokenizer.setId("pipeline-tokenizer");
        tokenizer.setLabel("Tokenizer");
        tokenizer.setEmptySelectionAllowed(true);
        tokenizer.setEmptySelectionCaption(TRAIN_NEW);
        tokenizer.setItemLabelGenerator(s -> s == null ? TRAIN_NEW : "Same as snapshot " + s.getLabel());
        tokenizer.setHelperText("Snapshots mix only when they share a tokenizer.");
        tokenizer.addValueChangeListener(change -> vocabSize.setVisible(change.getValue() == null));
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
        getContent().add(tokenizer, vocabSize, heldOut, run);
    }

    public Registration addRunListener(ComponentEventListener<RunEvent> listener) {
        return addListener(RunEvent.class, listener);
    }

    /** The settings typed now; an emptied field falls back to its default. */
    Settings settings() {
        return new Settings(
                tokenizer.getValue() == null ? null : tokenizer.getValue().getId(),
                vocabSize.getValue() == null ? DEFAULT_VOCAB_SIZE : vocabSize.getValue(),
                heldOut.getValue() == null ? DEFAULT_HELD_OUT : heldOut.getValue());
    }

    /** The snapshots whose tokenizer a run may reuse; keeps the choice while it is still offered. */
    void setTokenizerChoices(List<DatasetSnapshot> snapshots) {
        DatasetSnapshot chosen = tokenizer.getValue();
        tokenizer.setItems(snapshots);
        snapshots.stream()
                .filter(s -> chosen != null && s.getId().equals(chosen.getId()))
                .findFirst()
                .ifPresent(tokenizer::setValue);
    }

    /** Names the source the button runs on, or disables it when none is chosen. */
    void target(String sourceName) {
        run.setEnabled(sourceName != null);
        run.setText(sourceName == null ? "Run pipeline" : "Run pipeline on " + sourceName);
    }
}
