package ai.enclave.training.ui;

import static ai.enclave.portal.platform.PageParts.fact;

import ai.enclave.data.domain.DatasetSnapshot;
import ai.enclave.jobs.domain.Job;
import ai.enclave.jobs.domain.JobMetric;
import ai.enclave.jobs.service.Jobs;
import ai.enclave.models.domain.ModelVersion;
import ai.enclave.models.ui.ModelsView;
import ai.enclave.portal.charts.LineChart;
import ai.enclave.portal.platform.LiveUpdates;
import ai.enclave.portal.platform.PageActions;
import ai.enclave.portal.shell.AreaPage;
import ai.enclave.portal.shell.MainLayout;
import ai.enclave.portal.shell.SessionUser;
import ai.enclave.security.domain.PortalArea;
import ai.enclave.security.service.AccessGuard;
import ai.enclave.training.domain.TrainingRun;
import ai.enclave.training.service.TrainingRuns;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;

/**
 * One training run, followed live: state, progress, tokens per second, ETA, and the train and eval
 * loss drawn step by step, refreshed every 2 seconds from the database (so after a portal restart
 * the page picks up where the worker is). Cancel stops the run; once it succeeded the page links
 * to the model version it registered.
 */
@Dependent
@AreaPage(PortalArea.TRAINING)
@Route(value = "training/run", layout = MainLayout.class)
@PageTitle("Training run · Enclave")
public class TrainingRunView extends VerticalLayout implements HasUrlParameter<Long> {

    static final String TRAIN_LOSS = "loss";
    static final String EVAL_LOSS = "eval_loss";

    private final TrainingRuns runs;
    private final Jobs jobs;
    private final PageActions actions;
    private final H2 title = new H2("Training run");
    private final Span state = new Span();
    private final Span data = new Span();
    private final Span dataRead = new Span();
    private final ProgressBar progress = new ProgressBar(0, 1);
    private final Span steps = new Span();
    private final Span tokensPerSecond = new Span();
    private final Span eta = new Span();
    private final Span firstEvalLoss = new Span();
    private final Span lastEvalLoss = new Span();
    private final LineChart chart = new LineChart();
    private final Paragraph error = new Paragraph();
    private final Button cancel = new Button("Cancel run");
    private final Div modelLink = new Div();
    private final Paragraph settings = new Paragraph();
    private final Map<String, TreeMap<Integer, Double>> metrics =
            Map.of(TRAIN_LOSS, new TreeMap<>(), EVAL_LOSS, new TreeMap<>());
    private long runId;

    @Inject
    public TrainingRunView(TrainingRuns runs, Jobs jobs, AccessGuard guard, LiveUpdates live) {
        this.runs = runs;
        this.jobs = jobs;
        this.actions = new PageActions(guard, PortalArea.TRAINING, NoSuchElementException.class);
        addClassName("enclave-page");
        state.setId("run-state");
        data.setId("run-data-label");
        dataRead.setId("run-data-read");
        progress.setId("run-progress");
        steps.setId("run-steps-done");
        tokensPerSecond.setId("run-tokens-per-second");
        eta.setId("run-eta");
        firstEvalLoss.setId("run-first-eval-loss");
        lastEvalLoss.setId("run-last-eval-loss");
        chart.setId("loss-chart");
        chart.setWidthFull();
        chart.getStyle().set("max-width", "720px");
        error.setId("run-error");
        error.addClassNames("enclave-notice", "error");
        error.setVisible(false);
        cancel.setId("cancel-run");
        cancel.addThemeVariants(ButtonVariant.LUMO_ERROR);
        cancel.addClickListener(click -> cancel());
        settings.getStyle()
                .set("font-size", "var(--lumo-font-size-s)")
                .set("color", "var(--lumo-secondary-text-color)");
        add(
                new RouterLink("← All runs", TrainingView.class),
                title,
                fact("State", state),
                fact("Data", data),
                progress,
                fact("Steps", steps),
                fact("Tokens/s", tokensPerSecond),
                fact("Time left", eta),
                fact("Data read", dataRead),
                error,
                cancel,
                modelLink,
                new H3("Loss"),
                chart,
                fact("First eval loss", firstEvalLoss),
                fact("Last eval loss", lastEvalLoss),
                settings);
        live.whileAttached(this, this::refresh);
    }

    @Override
    public void setParameter(BeforeEvent event, Long id) {
        runId = id;
        metrics.values().forEach(Map::clear);
        refresh();
    }

    private void refresh() {
        TrainingRun run = runs.find(runId).orElse(null);
        if (run == null) {
            title.setText("No training run " + runId);
            cancel.setVisible(false);
            return;
        }
        Job job = run.getJob();
        title.setText("Training run \"" + run.getName() + "\"");
        state.setText(RunProgress.state(run));
        data.setText(run.getDataLabel());
        dataRead.setText(RunProgress.dataReadText(
                job.getProgress(),
                run.getSnapshots().stream().map(DatasetSnapshot::getLabel).toList()));
        RunProgress p = RunProgress.of(job.getProgress(), RunProgress.plannedSteps(run));
        progress.setValue(p.fraction());
        steps.setText(p.stepText() + (job.getAttempts() > 1 ? " (resumed " + (job.getAttempts() - 1) + "×)" : ""));
        tokensPerSecond.setText(p.tokensPerSecondText());
        eta.setText(job.getState().isFinal() ? "" : p.etaText());
        error.setVisible(job.getError() != null);
        error.setText(job.getError() == null ? "" : "The run failed: " + job.getError());
        cancel.setEnabled(!job.getState().isFinal() && !job.isCancelRequested());
        cancel.setText(job.isCancelRequested() && !job.getState().isFinal() ? "Cancelling…" : "Cancel run");
        settings.setText("Settings: " + run.getHyperparameters());
        showModel(run.getModelVersion());
        if (addMetrics(jobs.metricsAfter(job.getId(), lastStep() - 1))) {
            drawChart();
        }
    }

    /** Adds what is new; a step already seen is asked again because its eval loss may come later. */
    private boolean addMetrics(List<JobMetric> recorded) {
        boolean changed = false;
        for (JobMetric metric : recorded) {
            TreeMap<Integer, Double> series = metrics.get(metric.name());
            if (series != null) {
                Double before = series.put(metric.step(), metric.value());
                changed |= before == null || before != metric.value();
            }
        }
        return changed;
    }

    private int lastStep() {
        TreeMap<Integer, Double> train = metrics.get(TRAIN_LOSS);
        return train.isEmpty() ? Integer.MIN_VALUE + 1 : train.lastKey();
    }

    private void drawChart() {
        chart.show(List.of(
                new LineChart.Series("train loss", "#1676f3", points(metrics.get(TRAIN_LOSS))),
                new LineChart.Series("eval loss", "#e8590c", points(metrics.get(EVAL_LOSS)))));
        TreeMap<Integer, Double> eval = metrics.get(EVAL_LOSS);
        firstEvalLoss.setText(eval.isEmpty() ? "" : loss(eval.firstEntry().getValue()));
        lastEvalLoss.setText(eval.isEmpty() ? "" : loss(eval.lastEntry().getValue()));
    }

    private void showModel(ModelVersion version) {
        if (version == null || modelLink.getChildren().findAny().isPresent()) {
            return;
        }
        RouterLink link = new RouterLink("Model " + version.getLabel(), ModelsView.class);
        link.setQueryParameters(
                QueryParameters.of(ModelsView.VERSION_PARAMETER, version.getId().toString()));
        link.setId("run-model-link");
        modelLink.add(new Span("Registered as "), link);
    }

    private void cancel() {
        if (actions.run(
                SessionUser.current(),
                () -> runs.cancel(runId, SessionUser.current().username()))) {
            PageActions.done("Cancel requested; the worker stops at its next heartbeat.");
            refresh();
        }
    }

    private static List<LineChart.Point> points(TreeMap<Integer, Double> series) {
        return series.entrySet().stream()
                .map(e -> new LineChart.Point(e.getKey(), e.getValue()))
                .toList();
    }

    private static String loss(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }
}
