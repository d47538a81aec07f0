package ai.enclave.training.ui;

import ai.enclave.data.domain.DatasetSnapshot;
import ai.enclave.models.domain.ModelVersion;
import ai.enclave.training.domain.ModelPreset;
import ai.enclave.training.domain.TrainingRequest;
import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.HasValue;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.shared.Registration;
import java.util.List;
import java.util.Optional;

/**
 * The "New training run" form: a name, where the model starts (a size preset from scratch, or a
 * model version to continue), the snapshot to read, and the context length, steps, batch size and
 * learning rate. It fires {@link ChangeEvent} whenever the request changes (the page shows a fresh
 * estimate) and {@link LaunchEvent} on "Launch"; it never calls a service.
 */
public class NewRunForm extends Composite<FormLayout> {

    static final String FROM_SCRATCH = "From scratch";
    static final String CONTINUE = "Continue a model version";

    final TextField name = new TextField("Run name");
    final RadioButtonGroup<String> base = new RadioButtonGroup<>("Start from");
    final ComboBox<ModelPreset> preset = new ComboBox<>("Model size");
    final ComboBox<ModelVersion> baseModel = new ComboBox<>("Model version to continue");
    final ComboBox<DatasetSnapshot> snapshot = new ComboBox<>("Snapshot");
    final IntegerField seqLen = new IntegerField("Context length (tokens)");
    final IntegerField steps = new IntegerField("Steps");
    final IntegerField batchSize = new IntegerField("Batch size (sequences)");
    final NumberField learningRate = new NumberField("Learning rate");
    final Button launch = new Button("Launch");
    private int snapshotChoices;

    public static class ChangeEvent extends ComponentEvent<NewRunForm> {
        ChangeEvent(NewRunForm source) {
            super(source, false);
        }
    }

    public static class LaunchEvent extends ComponentEvent<NewRunForm> {
        private final TrainingRequest request;

        LaunchEvent(NewRunForm source, TrainingRequest request) {
            super(source, false);
            this.request = request;
        }

        public TrainingRequest request() {
            return request;
        }
    }

    public NewRunForm() {
        name.setId("run-name");
        base.setId("run-base");
        base.setItems(FROM_SCRATCH, CONTINUE);
        base.setValue(FROM_SCRATCH);
        preset.setId("run-preset");
        preset.setItems(ModelPreset.values());
        preset.setItemLabelGenerator(ModelPreset::name);
        preset.setValue(ModelPreset.TINY);
        preset.setHelperText(presetHelp(ModelPreset.TINY));
        baseModel.setId("run-base-model");
        baseModel.setItemLabelGenerator(ModelVersion::getLabel);
        baseModel.setVisible(false);
        snapshot.setId("run-snapshot");
        snapshot.setItemLabelGenerator(NewRunForm::snapshotLabel);
        seqLen.setId("run-seq-len");
        seqLen.setValue(64);
        steps.setId("run-steps");
        steps.setValue(40);
        batchSize.setId("run-batch-size");
        batchSize.setValue(4);
        learningRate.setId("run-lr");
        learningRate.setValue(1e-3);
        learningRate.setStep(1e-4);
        launch.setId("launch-run");
        launch.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        launch.addClickListener(click -> request().ifPresent(r -> fireEvent(new LaunchEvent(this, r))));
        base.addValueChangeListener(change -> {
            boolean scratch = FROM_SCRATCH.equals(change.getValue());
            preset.setVisible(scratch);
            baseModel.setVisible(!scratch);
        });
        preset.addValueChangeListener(change -> preset.setHelperText(presetHelp(change.getValue())));
        for (HasValue<?, ?> field :
                List.of(name, base, preset, baseModel, snapshot, seqLen, steps, batchSize, learningRate)) {
            field.addValueChangeListener(change -> fireEvent(new ChangeEvent(this)));
        }
        getContent().add(name, base, preset, baseModel, snapshot, seqLen, steps, batchSize, learningRate, launch);
    }

    public Registration addChangeListener(ComponentEventListener<ChangeEvent> listener) {
        return addListener(ChangeEvent.class, listener);
    }

    public Registration addLaunchListener(ComponentEventListener<LaunchEvent> listener) {
        return addListener(LaunchEvent.class, listener);
    }

    /** What the snapshot and base-model lists offer; the newest snapshot is chosen when none is. */
    void setChoices(List<DatasetSnapshot> snapshots, List<ModelVersion> models) {
        Long chosen = snapshot.getValue() == null ? null : snapshot.getValue().getId();
        snapshot.setItems(snapshots);
        snapshotChoices = snapshots.size();
        snapshots.stream()
                .filter(s -> s.getId().equals(chosen))
                .findFirst()
                .or(() -> snapshots.stream().findFirst())
                .ifPresent(snapshot::setValue);
        Long chosenModel =
                baseModel.getValue() == null ? null : baseModel.getValue().getId();
        baseModel.setItems(models);
        models.stream().filter(m -> m.getId().equals(chosenModel)).findFirst().ifPresent(baseModel::setValue);
    }

    /**
     * The request as typed, or empty when a choice is missing (no snapshot, no preset or model);
     * numbers out of range are passed on for the service to refuse with its own message.
     */
    Optional<TrainingRequest> request() {
        boolean scratch = FROM_SCRATCH.equals(base.getValue());
        if (snapshot.getValue() == null
                || (scratch ? preset.getValue() == null : baseModel.getValue() == null)
                || seqLen.getValue() == null
                || steps.getValue() == null
                || batchSize.getValue() == null
                || learningRate.getValue() == null) {
            return Optional.empty();
        }
        return Optional.of(new TrainingRequest(
                name.getValue().strip(),
                scratch ? preset.getValue() : null,
                scratch ? null : baseModel.getValue().getId(),
                snapshot.getValue().getId(),
                seqLen.getValue(),
                steps.getValue(),
                batchSize.getValue(),
                learningRate.getValue()));
    }

    /** Why {@link #request} is empty, in the words the estimate panel shows. */
    String missing() {
        if (snapshot.getValue() == null) {
            return snapshotChoices == 0
                    ? "No snapshot is ready yet: run the pipeline on the Data page first."
                    : "Choose a snapshot.";
        }
        if (FROM_SCRATCH.equals(base.getValue()) ? preset.getValue() == null : baseModel.getValue() == null) {
            return "Choose a model size or a model version to continue.";
        }
        return "Fill in the context length, steps, batch size and learning rate.";
    }

    private static String presetHelp(ModelPreset preset) {
        return preset == null
                ? ""
                : preset.nLayers() + " layers, " + preset.dModel() + " wide, " + preset.nHeads()
                        + " heads, context up to " + preset.maxSeqLen();
    }

    static String snapshotLabel(DatasetSnapshot s) {
        String content = s.getContentId() == null
                ? ""
                : " · "
                        + s.getContentId()
                                .substring(0, Math.min(8, s.getContentId().length()));
        return s.getSource().getName() + " #" + s.getId() + " · " + s.getDocuments() + " documents" + content;
    }
}
