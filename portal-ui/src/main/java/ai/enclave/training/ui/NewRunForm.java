package ai.enclave.training.ui;

import ai.enclave.data.domain.DataMix;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The "New training run" form: a name, where the model starts (a size preset from scratch, or a
 * model version to continue), the data to read (a snapshot or a mix), and the context length, steps, batch size and
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
    final ComboBox<DataChoice> data = new ComboBox<>("Data");
    final IntegerField seqLen = new IntegerField("Context length (tokens)");
    final IntegerField steps = new IntegerField("Steps");
    final IntegerField batchSize = new IntegerField("Batch size (sequences)");
    final NumberField learningRate = new NumberField("Learning rate");
    final Button launch = new Button("Launch");
    private int dataChoices;

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
        data.setId("run-data");
        data.setItemLabelGenerator(DataChoice::label);
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
                List.of(name, base, preset, baseModel, data, seqLen, steps, batchSize, learningRate)) {
            field.addValueChangeListener(change -> fireEvent(new ChangeEvent(this)));
        }
        getContent().add(name, base, preset, baseModel, data, seqLen, steps, batchSize, learningRate, launch);
    }

    public Registration addChangeListener(ComponentEventListener<ChangeEvent> listener) {
        return addListener(ChangeEvent.class, listener);
    }

    public Registration addLaunchListener(ComponentEventListener<LaunchEvent> listener) {
        return addListener(LaunchEvent.class, listener);
    }

    /**
     * What the data and base-model lists offer: the snapshots, then the mixes; the newest snapshot is
     * chosen when nothing is.
     */
    void setChoices(List<DatasetSnapshot> snapshots, List<DataMix> mixes, List<ModelVersion> models) {
        DataChoice chosen = data.getValue();
        List<DataChoice> choices = new ArrayList<>();
        snapshots.forEach(s -> choices.add(DataChoice.of(s)));
        mixes.forEach(m -> choices.add(DataChoice.of(m)));
        data.setItems(choices);
        dataChoices = choices.size();
        choices.stream()
                .filter(c -> c.sameAs(chosen))
                .findFirst()
                .or(() -> choices.stream().findFirst())
                .ifPresent(data::setValue);
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
        if (data.getValue() == null
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
                data.getValue().snapshot() == null
                        ? null
                        : data.getValue().snapshot().getId(),
                data.getValue().mix() == null ? null : data.getValue().mix().getId(),
                seqLen.getValue(),
                steps.getValue(),
                batchSize.getValue(),
                learningRate.getValue()));
    }

    /** Why {@link #request} is empty, in the words the estimate panel shows. */
    String missing() {
        if (data.getValue() == null) {
            return dataChoices == 0
                    ? "No snapshot is ready yet: run the pipeline on the Data page first."
                    : "Choose a snapshot or a mix.";
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
}
