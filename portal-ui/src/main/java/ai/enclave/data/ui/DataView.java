package ai.enclave.data.ui;

import ai.enclave.common.Json;
import ai.enclave.common.NameTakenException;
import ai.enclave.data.domain.DataMix;
import ai.enclave.data.domain.DataSourceRecord;
import ai.enclave.data.domain.DatasetSnapshot;
import ai.enclave.data.service.DataCatalog;
import ai.enclave.data.service.DataMixes;
import ai.enclave.data.service.MixInUseException;
import ai.enclave.portal.platform.LiveUpdates;
import ai.enclave.portal.platform.PageActions;
import ai.enclave.portal.platform.PageParts;
import ai.enclave.portal.shell.AreaPage;
import ai.enclave.portal.shell.MainLayout;
import ai.enclave.portal.shell.SessionUser;
import ai.enclave.security.domain.PortalArea;
import ai.enclave.security.service.AccessGuard;
import com.fasterxml.jackson.databind.JsonNode;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * Data: the sources documents come from, pipeline runs over them, the snapshots they produce
 * (refreshed every 2 seconds while the page is open), and the mixes made of snapshots. The pipeline itself runs in a worker process;
 * this page only queues it and shows how it goes.
 */
@Dependent
@AreaPage(PortalArea.DATA)
@Route(value = "data", layout = MainLayout.class)
@PageTitle("Data · Enclave")
public class DataView extends VerticalLayout {

    private final DataCatalog catalog;
    private final SourceChecks checks;
    private final PageActions actions;
    private final Grid<DataSourceRecord> sources = new Grid<>();
    private final AddSourceForm addForm = new AddSourceForm();
    private final PipelineForm pipelineForm = new PipelineForm();
    private final CheckButton savedCheck = new CheckButton("test-saved-source", "saved-source-check-result");
    private final Grid<DatasetSnapshot> snapshots = new Grid<>();
    private final SnapshotDetails details = new SnapshotDetails(this::stopPipeline);
    private final DataMixes mixes;
    private final Grid<DataMix> mixGrid = new Grid<>();
    private final MixForm mixForm = new MixForm();
    /** The ids of the ready snapshots the choice lists offer; they are rebuilt only when this changes. */
    private List<Long> readyIds = List.of();

    private Long chosenSourceId;
    private Long chosenSnapshotId;

    @Inject
    public DataView(DataCatalog catalog, DataMixes mixes, SourceChecks checks, AccessGuard guard, LiveUpdates live) {
        this.catalog = catalog;
        this.mixes = mixes;
        this.checks = checks;
        this.actions = new PageActions(
                guard,
                PortalArea.DATA,
                NameTakenException.class,
                NoSuchElementException.class,
                MixInUseException.class);
        addClassName("enclave-page");
        configureSources();
        configureSnapshots();
        configureMixes();
        add(
                new H2("Data"),
                new Paragraph("Point a source at a folder, a dataset, a database, a git repository or an intranet "
                        + "site, run the pipeline over it "
                        + "(extract, clean, redact personal data, deduplicate, tokenize), and get a "
                        + "snapshot a training run can read."),
                new H3("Sources"),
                sources,
                savedCheck,
                pipelineForm,
                new H3("Add a source"),
                addForm,
                new H3("Snapshots"),
                snapshots,
                details,
                new H3("Mixes"),
                new Paragraph("A mix trains on several snapshots at once, each with a weight: its share of the"
                        + " training tokens. Snapshots mix only when they were tokenized with the same"
                        + " tokenizer (choose \"Same as snapshot ...\" when you run the pipeline)."),
                mixGrid,
                mixForm);
        refreshSources();
        refreshSnapshots();
        refreshMixes();
        live.whileAttached(this, this::refreshSnapshots);
    }

    private void configureSources() {
        sources.setId("sources-grid");
        sources.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        sources.setAllRowsVisible(true);
        sources.addColumn(DataSourceRecord::getName).setHeader("Name").setAutoWidth(true);
        sources.addColumn(DataSourceRecord::getType).setHeader("Type").setAutoWidth(true);
        sources.addColumn(source -> location(source.getConfig()))
                .setHeader("Where")
                .setAutoWidth(true);
        sources.addColumn(source -> PageParts.when(source.getCreatedAt()))
                .setHeader("Created")
                .setAutoWidth(true);
        sources.asSingleSelect().addValueChangeListener(change -> {
            if (change.isFromClient()) {
                chosenSourceId =
                        change.getValue() == null ? null : change.getValue().getId();
                savedCheck.clear();
                savedCheck.button.setEnabled(change.getValue() != null);
                pipelineForm.target(
                        change.getValue() == null ? null : change.getValue().getName());
            }
        });
        addForm.addAddListener(event -> addSource(event.draft()));
        addForm.addCheckListener(event ->
                check(addForm.check, event.draft().type(), event.draft().configJson()));
        savedCheck.button.addClickListener(click -> checkSavedSource());
        pipelineForm.addRunListener(event -> runPipeline(event.settings()));
    }

    private void configureSnapshots() {
        snapshots.setId("snapshots-grid");
        snapshots.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        snapshots.setAllRowsVisible(true);
        snapshots.addColumn(s -> s.getSource().getName()).setHeader("Source").setAutoWidth(true);
        snapshots.addColumn(SnapshotDetails::state).setHeader("State").setAutoWidth(true);
        snapshots
                .addColumn(s -> s.getDocuments() == null ? "" : s.getDocuments().toString())
                .setHeader("Documents")
                .setAutoWidth(true);
        snapshots
                .addColumn(s -> s.getTokens() == null ? "" : s.getTokens().toString())
                .setHeader("Tokens")
                .setAutoWidth(true);
        snapshots
                .addColumn(s -> s.getContentId() == null ? "" : shortId(s.getContentId()))
                .setHeader("Content id")
                .setAutoWidth(true);
        snapshots
                .addColumn(s -> PageParts.when(s.getCreatedAt()))
                .setHeader("Created")
                .setAutoWidth(true);
        snapshots.asSingleSelect().addValueChangeListener(change -> {
            if (change.isFromClient() && change.getValue() != null) {
                chosenSnapshotId = change.getValue().getId();
                details.show(change.getValue());
            }
        });
    }

    private void configureMixes() {
        mixGrid.setId("mixes-grid");
        mixGrid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        mixGrid.setAllRowsVisible(true);
        mixGrid.addColumn(DataMix::getName).setHeader("Name").setAutoWidth(true);
        mixGrid.addColumn(DataView::mixContents).setHeader("Snapshots and shares");
        mixGrid.addColumn(mix -> PageParts.when(mix.getCreatedAt()))
                .setHeader("Created")
                .setAutoWidth(true);
        mixGrid.addComponentColumn(this::deleteMixButton).setHeader("").setAutoWidth(true);
        mixForm.addCreateListener(event -> createMix(event.draft()));
    }

    /** Class {@code delete-mix}, attribute {@code data-mix} the mix's name: how a browser test finds it. */
    private Component deleteMixButton(DataMix mix) {
        Button delete = new Button("Delete", click -> confirmDeleteMix(mix));
        delete.addClassName("delete-mix");
        delete.getElement().setAttribute("data-mix", mix.getName());
        delete.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
        return delete;
    }

    /** Asks first: a deleted mix is gone for good (its snapshots stay). */
    private void confirmDeleteMix(DataMix mix) {
        Dialog dialog = new Dialog();
        dialog.setId("delete-mix-dialog");
        dialog.setHeaderTitle("Delete the mix \"" + mix.getName() + "\"?");
        dialog.add(new Paragraph("Its snapshots stay. A mix that a training run reads cannot be deleted."));
        Button cancel = new Button("Cancel", click -> dialog.close());
        cancel.setId("cancel-delete-mix");
        Button confirm = new Button("Delete", click -> {
            dialog.close();
            deleteMix(mix);
        });
        confirm.setId("confirm-delete-mix");
        confirm.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_PRIMARY);
        dialog.getFooter().add(cancel, confirm);
        dialog.open();
    }

    private void deleteMix(DataMix mix) {
        if (actions.run(SessionUser.current(), () -> mixes.delete(mix.getId()))) {
            refreshMixes();
            PageActions.done("Mix \"" + mix.getName() + "\" deleted.");
        }
    }

    private void createMix(MixForm.Draft draft) {
        DataMix[] made = new DataMix[1];
        if (actions.run(SessionUser.current(), () -> made[0] = mixes.create(draft.name(), draft.choices(), by()))) {
            mixForm.clear();
            refreshMixes();
            PageActions.done("Mix \"" + made[0].getName() + "\" created.");
        }
    }

    private void refreshMixes() {
        mixGrid.setItems(mixes.mixes());
    }

    /** "#3 Handbook 70% · #5 Wiki 30%". */
    static String mixContents(DataMix mix) {
        double[] shares = mix.shares();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < shares.length; i++) {
            if (i > 0) {
                text.append(" · ");
            }
            text.append(mix.getComponents().get(i).getSnapshot().getLabel())
                    .append(String.format(Locale.ROOT, " %.0f%%", shares[i] * 100));
        }
        return text.toString();
    }

    private void addSource(AddSourceForm.Draft draft) {
        DataSourceRecord[] added = new DataSourceRecord[1];
        boolean done = actions.run(SessionUser.current(), () -> {
            try {
                added[0] = catalog.addSource(draft.name(), draft.type(), draft.configJson(), by());
            } catch (IllegalArgumentException | NameTakenException e) {
                if (!addForm.showRefusal(e.getMessage())) {
                    throw e;
                }
            }
        });
        if (done && added[0] != null) {
            addForm.clear();
            chosenSourceId = added[0].getId();
            refreshSources();
            PageActions.done("Source \"" + added[0].getName() + "\" added.");
        }
    }

    /**
     * Checks the chosen source as stored: its secrets stay encrypted on the way and only the worker
     * that runs the check decrypts them, as for a pipeline run.
     */
    private void checkSavedSource() {
        DataSourceRecord source = chosenSource();
        if (source == null) {
            PageActions.problem("Choose a source in the list first.");
            return;
        }
        check(savedCheck, source.getType(), source.getConfig());
    }

    /** Runs the connector's check in a worker JVM; the answer is pushed to the button when it comes. */
    private void check(CheckButton button, String type, String configJson) {
        UI ui = UI.getCurrent();
        actions.run(SessionUser.current(), () -> {
            button.checking();
            checks.checkLater(type, configJson)
                    .exceptionally(e -> new SourceChecks.Result(false, "the check failed: " + e.getMessage()))
                    .thenAccept(result -> ui.access(() -> button.show(result)));
        });
    }

    private void runPipeline(PipelineForm.Settings settings) {
        DataSourceRecord source = chosenSource();
        if (source == null) {
            PageActions.problem("Choose a source in the list first.");
            return;
        }
        DatasetSnapshot[] queued = new DatasetSnapshot[1];
        if (actions.run(
                SessionUser.current(),
                () -> queued[0] = settings.tokenizerSnapshotId() == null
                        ? catalog.runPipeline(source.getId(), settings.vocabSize(), settings.heldOutFraction(), by())
                        : catalog.runPipelineWithTokenizerOf(
                                source.getId(), settings.tokenizerSnapshotId(), settings.heldOutFraction(), by()))) {
            chosenSnapshotId = queued[0].getId();
            refreshSnapshots();
            PageActions.done("Pipeline queued over \"" + source.getName() + "\".");
        }
    }

    /** The sync commits what it read, so running the pipeline again continues from there. */
    private void stopPipeline(long snapshotId) {
        if (actions.run(SessionUser.current(), () -> catalog.stopPipeline(snapshotId))) {
            refreshSnapshots();
            PageActions.done("Stopping the pipeline run; run it again to continue where it stopped.");
        }
    }

    private void refreshSources() {
        List<DataSourceRecord> all = catalog.sources();
        sources.setItems(all);
        // With a single source there is nothing to choose: the pipeline runs on it.
        if (chosenSourceId == null && all.size() == 1) {
            chosenSourceId = all.getFirst().getId();
        }
        DataSourceRecord chosen = chosenSource(all);
        if (chosen != null) {
            sources.select(chosen);
        }
        pipelineForm.target(chosen == null ? null : chosen.getName());
        savedCheck.button.setEnabled(chosen != null);
    }

    /** Also what the live refresh runs: job states and counts change in the worker. */
    private void refreshSnapshots() {
        List<DatasetSnapshot> all = catalog.snapshots();
        snapshots.setItems(all);
        List<DatasetSnapshot> ready =
                all.stream().filter(DatasetSnapshot::isReady).toList();
        List<Long> ids = ready.stream().map(DatasetSnapshot::getId).toList();
        if (!ids.equals(readyIds)) {
            readyIds = ids;
            pipelineForm.setTokenizerChoices(ready);
            mixForm.setChoices(ready);
        }
        if (all.isEmpty()) {
            details.clear();
            return;
        }
        // The newest run is shown until the user picks another one.
        DatasetSnapshot chosen = all.stream()
                .filter(s -> s.getId().equals(chosenSnapshotId))
                .findFirst()
                .orElse(all.getFirst());
        chosenSnapshotId = chosen.getId();
        snapshots.select(chosen);
        details.show(chosen);
    }

    private DataSourceRecord chosenSource() {
        return chosenSource(catalog.sources());
    }

    private DataSourceRecord chosenSource(List<DataSourceRecord> all) {
        return all.stream()
                .filter(s -> Objects.equals(s.getId(), chosenSourceId))
                .findFirst()
                .orElse(null);
    }

    private static String by() {
        return SessionUser.current().username();
    }

    /** Where a source reads from: its folder, file, JDBC URL, repository or first start URL (never a secret). */
    private static String location(String configJson) {
        try {
            JsonNode config = Json.object(configJson, "config");
            for (String field : List.of("root", "path", "repository")) {
                if (config.path(field).isTextual()) {
                    return config.get(field).asText();
                }
            }
            if (config.path("url").isTextual()) {
                // JDBC URLs may carry a password among their parameters (?password=, ;password=)
                return config.get("url").asText().split("[?;]", 2)[0];
            }
            return config.path("startUrls").path(0).asText("");
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static String shortId(String contentId) {
        return contentId.length() > 12 ? contentId.substring(0, 12) + "…" : contentId;
    }
}
