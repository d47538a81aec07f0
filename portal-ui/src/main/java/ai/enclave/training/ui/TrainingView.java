package ai.enclave.training.ui;

import ai.enclave.data.service.DataCatalog;
import ai.enclave.data.service.DataMixes;
import ai.enclave.models.service.ModelRegistry;
import ai.enclave.portal.platform.DeviceRating;
import ai.enclave.portal.platform.HostCompute;
import ai.enclave.portal.platform.LiveUpdates;
import ai.enclave.portal.platform.PageActions;
import ai.enclave.portal.platform.PageParts;
import ai.enclave.portal.platform.PortalSettings;
import ai.enclave.portal.shell.AreaPage;
import ai.enclave.portal.shell.MainLayout;
import ai.enclave.portal.shell.SessionUser;
import ai.enclave.security.domain.PortalArea;
import ai.enclave.security.service.AccessGuard;
import ai.enclave.training.domain.TrainingRequest;
import ai.enclave.training.domain.TrainingRun;
import ai.enclave.training.service.TrainingRefusedException;
import ai.enclave.training.service.TrainingRuns;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.util.NoSuchElementException;

/**
 * Training: the "New training run" form with its live estimate, and every run with its state and
 * progress (refreshed every 2 seconds). Launching queues a train job that a worker process runs;
 * the run's own page follows it.
 */
@Dependent
@AreaPage(PortalArea.TRAINING)
@Route(value = "training", layout = MainLayout.class)
@PageTitle("Training · Enclave")
public class TrainingView extends VerticalLayout {

    private final TrainingRuns runs;
    private final DataCatalog catalog;
    private final DataMixes mixes;
    private final ModelRegistry models;
    private final PortalSettings settings;
    private final DeviceRating device;
    private final PageActions actions;
    private final NewRunForm form = new NewRunForm();
    private final EstimatePanel estimate = new EstimatePanel();
    private final Grid<TrainingRun> grid = new Grid<>();

    @Inject
    public TrainingView(
            TrainingRuns runs,
            DataCatalog catalog,
            DataMixes mixes,
            ModelRegistry models,
            PortalSettings settings,
            HostCompute compute,
            AccessGuard guard,
            LiveUpdates live) {
        this.runs = runs;
        this.catalog = catalog;
        this.mixes = mixes;
        this.models = models;
        this.settings = settings;
        this.device = DeviceRating.of(compute.hardware(), DeviceRating.cpuGhz());
        this.actions = new PageActions(guard, PortalArea.TRAINING, TrainingRefusedException.class);
        addClassName("enclave-page");
        configureForm();
        configureGrid();
        HorizontalLayout newRun = new HorizontalLayout(form, estimate);
        newRun.setWidthFull();
        newRun.setFlexGrow(2, form);
        newRun.setFlexGrow(1, estimate);
        add(
                new H2("Training"),
                new Paragraph("Train a model on a snapshot, from scratch or continuing a model version. "
                        + "The run executes in a worker process; closing this page or restarting the "
                        + "portal does not stop it."),
                new H3("New training run"),
                newRun,
                new H3("Runs"),
                grid);
        form.setChoices(catalog.readySnapshots(), mixes.mixes(), models.versions());
        updateEstimate();
        refreshRuns();
        live.whileAttached(grid, this::refreshRuns);
    }

    private void configureForm() {
        form.addChangeListener(change -> updateEstimate());
        form.addLaunchListener(launch -> launch(launch.request()));
    }

    private void configureGrid() {
        grid.setId("runs-grid");
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        grid.setAllRowsVisible(true);
        grid.addColumn(TrainingRun::getName).setHeader("Name").setAutoWidth(true);
        grid.addColumn(RunProgress::state).setHeader("State").setAutoWidth(true);
        grid.addColumn(run -> RunProgress.of(run.getJob().getProgress(), RunProgress.plannedSteps(run))
                        .stepText())
                .setHeader("Progress (steps)")
                .setAutoWidth(true);
        grid.addColumn(run -> run.getPreset() != null
                        ? run.getPreset().name()
                        : run.getBaseModel().getLabel())
                .setHeader("Start")
                .setAutoWidth(true);
        grid.addColumn(TrainingRun::getDataLabel).setHeader("Data").setAutoWidth(true);
        grid.addColumn(run -> PageParts.when(run.getCreatedAt()))
                .setHeader("Created")
                .setAutoWidth(true);
        grid.addItemClickListener(click -> grid.getUI()
                .ifPresent(
                        ui -> ui.navigate(TrainingRunView.class, click.getItem().getId())));
    }

    private void updateEstimate() {
        form.request()
                .ifPresentOrElse(
                        request -> {
                            try {
                                estimate.show(
                                        runs.estimate(
                                                request,
                                                device.flopsPerSecond(),
                                                settings.getPricePerDeviceHour(),
                                                device.memoryBytes()),
                                        runs.dataPlan(request),
                                        device,
                                        settings.getPricePerDeviceHour());
                            } catch (TrainingRefusedException | IllegalArgumentException | NoSuchElementException e) {
                                estimate.refuse(e.getMessage());
                            }
                        },
                        () -> estimate.refuse(form.missing()));
    }

    private void launch(TrainingRequest request) {
        TrainingRun[] launched = new TrainingRun[1];
        boolean done = actions.run(
                SessionUser.current(),
                () -> launched[0] = runs.launch(
                        request,
                        settings.getArtifactsDir(),
                        device.flopsPerSecond(),
                        settings.getPricePerDeviceHour(),
                        device.memoryBytes(),
                        SessionUser.current().username()));
        if (done) {
            getUI().ifPresent(ui -> ui.navigate(TrainingRunView.class, launched[0].getId()));
        } else {
            updateEstimate();
        }
    }

    private void refreshRuns() {
        grid.setItems(runs.runs());
    }
}
