package ai.enclave.data.ui;

import ai.enclave.data.domain.DatasetSnapshot;
import ai.enclave.data.domain.MixPlan;
import ai.enclave.data.service.DataMixes;
import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.shared.Registration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The "new data mix" form: a name, one row per snapshot with its weight (two rows to start, more on
 * "Add a snapshot"), and a live plan for a token budget: each snapshot's share, the tokens it gives
 * and how many times it would be read, with a warning where that is too often. Fires
 * {@link CreateEvent}; the service checks the rest (ready snapshots, one tokenizer, the name).
 */
public class MixForm extends Composite<VerticalLayout> {

    static final double DEFAULT_BUDGET = 1_000_000;

    final TextField name = new TextField("Mix name");
    final Button addRow = new Button("Add a snapshot");
    final NumberField budget = new NumberField("Plan for this many training tokens");
    final Div plan = new Div();
    final Button create = new Button("Create mix");
    private final VerticalLayout rowList = new VerticalLayout();
    private final List<Row> rows = new ArrayList<>();
    private List<DatasetSnapshot> choices = List.of();

    /** One snapshot row. */
    record Row(Select<DatasetSnapshot> snapshot, NumberField weight) {}

    /** What the form asks to create. */
    public record Draft(String name, List<DataMixes.Choice> choices) {}

    public static class CreateEvent extends ComponentEvent<MixForm> {
        private final Draft draft;

        CreateEvent(MixForm source, Draft draft) {
            super(source, false);
            this.draft = draft;
        }

        public Draft draft() {
            return draft;
        }
    }

    public MixForm() {
        name.setId("mix-name");
        addRow.setId("mix-add-row");
        addRow.addClickListener(click -> addRow());
        budget.setId("mix-budget");
        budget.setValue(DEFAULT_BUDGET);
        budget.setHelperText("Steps x batch x context of the run you have in mind.");
        budget.addValueChangeListener(change -> showPlan());
        plan.setId("mix-plan");
        plan.setWidthFull();
        create.setId("create-mix");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.addClickListener(click -> fireEvent(new CreateEvent(this, draft())));
        rowList.setPadding(false);
        rowList.setSpacing(false);
        addRow();
        addRow();
        HorizontalLayout buttons = new HorizontalLayout(addRow, create);
        getContent().setPadding(false);
        getContent().add(name, rowList, buttons, budget, plan);
    }

    public Registration addCreateListener(ComponentEventListener<CreateEvent> listener) {
        return addListener(CreateEvent.class, listener);
    }

    /** The snapshots a mix may use (ready ones); rows keep their choice while it is still offered. */
    void setChoices(List<DatasetSnapshot> snapshots) {
        choices = List.copyOf(snapshots);
        for (Row row : rows) {
            DatasetSnapshot chosen = row.snapshot().getValue();
            row.snapshot().setItems(choices);
            choices.stream()
                    .filter(s -> chosen != null && s.getId().equals(chosen.getId()))
                    .findFirst()
                    .ifPresent(row.snapshot()::setValue);
        }
        showPlan();
    }

    /** Empties the form after a mix was made. */
    void clear() {
        name.clear();
        rows.forEach(row -> row.snapshot().clear());
        rows.forEach(row -> row.weight().setValue(1.0));
        showPlan();
    }

    /** The rows with a snapshot chosen, as the service's choices (an empty weight counts as 0). */
    Draft draft() {
        List<DataMixes.Choice> chosen = new ArrayList<>();
        for (Row row : rows) {
            if (row.snapshot().getValue() != null) {
                Double weight = row.weight().getValue();
                chosen.add(new DataMixes.Choice(row.snapshot().getValue().getId(), weight == null ? 0 : weight));
            }
        }
        return new Draft(name.getValue(), chosen);
    }

    /** The plan of the rows filled in, or empty while there is nothing (valid) to plan. */
    Optional<MixPlan> currentPlan() {
        List<MixPlan.Part> parts = new ArrayList<>();
        for (Row row : rows) {
            Double weight = row.weight().getValue();
            if (row.snapshot().getValue() == null || weight == null || !(weight > 0)) {
                continue;
            }
            parts.add(DataMixes.part(row.snapshot().getValue(), weight));
        }
        Double tokens = budget.getValue();
        if (parts.isEmpty() || tokens == null || !(tokens >= 1)) {
            return Optional.empty();
        }
        return Optional.of(MixPlan.of(parts, Math.round(tokens)));
    }

    private void addRow() {
        int index = rows.size();
        Select<DatasetSnapshot> snapshot = new Select<>();
        snapshot.setId("mix-snapshot-" + index);
        snapshot.setLabel("Snapshot");
        snapshot.setItemLabelGenerator(s -> s == null ? "" : s.getLabel() + " · " + s.getTrainTokens() + " tokens");
        snapshot.setItems(choices);
        snapshot.addValueChangeListener(change -> showPlan());
        NumberField weight = new NumberField("Weight");
        weight.setId("mix-weight-" + index);
        weight.setValue(1.0);
        weight.setMin(0);
        weight.addValueChangeListener(change -> showPlan());
        rows.add(new Row(snapshot, weight));
        HorizontalLayout line = new HorizontalLayout(snapshot, weight);
        line.setAlignItems(FlexComponent.Alignment.BASELINE);
        rowList.add(line);
    }

    private void showPlan() {
        plan.removeAll();
        currentPlan().ifPresent(p -> plan.add(planView(p)));
    }

    /** One line per snapshot, then its warning if it has one. */
    static Div planView(MixPlan plan) {
        Div view = new Div();
        int index = 0;
        for (MixPlan.Row row : plan.rows()) {
            Paragraph line = new Paragraph(planLine(row));
            line.setId("mix-plan-row-" + index);
            line.getStyle().set("margin", "0");
            view.add(line);
            if (row.warning() != null) {
                Paragraph warning = new Paragraph(row.warning());
                warning.setId("mix-warning-" + index);
                warning.addClassNames("enclave-notice", "error");
                view.add(warning);
            }
            index++;
        }
        return view;
    }

    static String planLine(MixPlan.Row row) {
        return String.format(
                Locale.ROOT,
                "%s: %.0f%% of the tokens, %,d of its %,d, read %.2f times",
                row.label(),
                row.share() * 100,
                row.tokensTaken(),
                row.trainTokens(),
                row.epochs());
    }
}
