package ai.enclave.data.ui;

import static ai.enclave.portal.platform.PageParts.fact;

import ai.enclave.common.Json;
import ai.enclave.data.domain.DatasetSnapshot;
import ai.enclave.jobs.domain.Job;
import ai.enclave.jobs.domain.JobState;
import ai.enclave.portal.charts.BarChart;
import com.fasterxml.jackson.databind.JsonNode;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;

/**
 * One snapshot in full: its state, counts and content id, then the statistics of its pipeline run
 * as bar charts and tables (documents in and out of each stage and why, languages, PII found) and the kept and dropped
 * samples; for a failed run, the worker's error. While the run is queued or running, "Stop" hands
 * the snapshot's id to the page, which stops it.
 */
public class SnapshotDetails extends Composite<VerticalLayout> {

    /** More languages than this are listed in the text below the chart only. */
    static final int CHART_ROWS = 12;

    private final Span state = new Span();
    private final Span documents = new Span();
    private final Span tokens = new Span();
    private final Span contentId = new Span();
    private final Div body = new Div();
    private final Button stop = new Button("Stop");
    private Long shownId;
    private String shownFingerprint;

    /** @param stop what "Stop" does with the shown snapshot's id */
    public SnapshotDetails(LongConsumer stop) {
        this.stop.setId("stop-pipeline");
        this.stop.addThemeVariants(ButtonVariant.LUMO_ERROR);
        this.stop.addClickListener(click -> {
            if (shownId != null) {
                stop.accept(shownId);
            }
        });
        state.setId("snapshot-state");
        documents.setId("snapshot-documents");
        tokens.setId("snapshot-tokens");
        contentId.setId("snapshot-content-id");
        body.setWidthFull();
        getContent().setWidthFull();
        getContent().setPadding(false);
        getContent()
                .add(
                        new H3("Snapshot"),
                        fact("State", state),
                        fact("Documents", documents),
                        fact("Tokens", tokens),
                        fact("Content id", contentId),
                        this.stop,
                        body);
        getContent().setVisible(false);
    }

    /**
     * What the page shows as a snapshot's state: its job's state, except that a job which succeeded
     * but whose result is not yet copied into the snapshot (within 2 s) still counts as running, so
     * "succeeded" always comes with its counts.
     */
    static String state(DatasetSnapshot snapshot) {
        JobState job = snapshot.getJob().getState();
        return job == JobState.SUCCEEDED && !snapshot.isSettled() ? JobState.RUNNING.dbName() : job.dbName();
    }

    /** Shows the snapshot; redraws the statistics only when something in it changed. */
    public void show(DatasetSnapshot snapshot) {
        getContent().setVisible(true);
        Job job = snapshot.getJob();
        state.setText(state(snapshot));
        documents.setText(snapshot.getDocuments() == null ? "" : Long.toString(snapshot.getDocuments()));
        tokens.setText(snapshot.getTokens() == null ? "" : Long.toString(snapshot.getTokens()));
        contentId.setText(snapshot.getContentId() == null ? "" : snapshot.getContentId());
        stop.setVisible(!job.getState().isFinal());
        stop.setEnabled(!job.isCancelRequested());
        stop.setText(job.isCancelRequested() ? "Stopping…" : "Stop");
        String fingerprint = state(snapshot) + job.getProgress() + job.getError() + snapshot.isSettled();
        if (snapshot.getId().equals(shownId) && fingerprint.equals(shownFingerprint)) {
            return;
        }
        shownId = snapshot.getId();
        shownFingerprint = fingerprint;
        body.removeAll();
        if (job.getState() == JobState.FAILED) {
            Paragraph error = new Paragraph("The pipeline failed: " + job.getError());
            error.setId("snapshot-error");
            error.addClassNames("enclave-notice", "error");
            body.add(error);
        } else if (!job.getState().isFinal()) {
            // Sources do not say how much they hold before they are read, so the bar cannot know how
            // far along it is: it moves while the count below it grows.
            ProgressBar bar = new ProgressBar();
            bar.setIndeterminate(true);
            bar.setId("snapshot-progress");
            Paragraph count =
                    new Paragraph(job.getProgress() == null ? "Waiting for a worker…" : progress(job.getProgress()));
            count.setId("snapshot-progress-count");
            body.add(bar, count);
        }
        if (snapshot.getStats() != null) {
            body.add(statistics(SnapshotStats.parse(snapshot.getStats())));
        }
    }

    /** The worker's progress ({@code phase}, {@code documents}, {@code bytes}) in words. */
    static String progress(String progressJson) {
        JsonNode progress = Json.object(progressJson, "progress");
        return "Working: " + progress.path("phase").asText("starting") + ", "
                + progress.path("documents").asLong() + " documents, "
                + progress.path("bytes").asLong() + " bytes read so far.";
    }

    public void clear() {
        getContent().setVisible(false);
        shownId = null;
        shownFingerprint = null;
    }

    private static Component statistics(SnapshotStats stats) {
        Grid<SnapshotStats.Stage> stages = new Grid<>();
        stages.setId("snapshot-stages");
        stages.addThemeVariants(GridVariant.LUMO_COMPACT);
        stages.setAllRowsVisible(true);
        stages.setWidthFull();
        stages.addColumn(SnapshotStats.Stage::name).setHeader("Stage").setAutoWidth(true);
        stages.addColumn(SnapshotStats.Stage::in).setHeader("In").setAutoWidth(true);
        stages.addColumn(SnapshotStats.Stage::out).setHeader("Out").setAutoWidth(true);
        stages.addColumn(stage -> counts(stage.dropped())).setHeader("Dropped, why");
        stages.setItems(stats.stages());
        Span languages = new Span(counts(stats.languages()));
        languages.setId("snapshot-languages");
        Span pii = new Span(counts(stats.pii()));
        pii.setId("snapshot-pii");
        Div statistics = new Div(
                new H4("Pipeline stages"),
                chart("snapshot-stages-chart", stageBars(stats.stages())),
                stages,
                new H4("Languages"),
                chart("snapshot-languages-chart", countBars(stats.languages())),
                fact("Languages", languages),
                new H4("Personal data redacted"),
                chart("snapshot-pii-chart", countBars(stats.pii())),
                fact("Personal data found", pii),
                samples("Kept samples", stats.kept()),
                samples("Dropped samples", stats.dropped()));
        statistics.setWidthFull();
        return statistics;
    }

    /** Documents out of each stage in front of those that went in. */
    static List<BarChart.Bar> stageBars(List<SnapshotStats.Stage> stages) {
        return stages.stream()
                .map(stage -> new BarChart.Bar(stage.name(), stage.out(), stage.in()))
                .toList();
    }

    /** The largest counts first, at most {@link #CHART_ROWS} of them. */
    static List<BarChart.Bar> countBars(Map<String, Long> counts) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(CHART_ROWS)
                .map(entry -> BarChart.Bar.of(entry.getKey(), entry.getValue()))
                .toList();
    }

    private static Component chart(String id, List<BarChart.Bar> bars) {
        if (bars.isEmpty()) {
            Paragraph none = new Paragraph("none");
            none.setId(id);
            return none;
        }
        BarChart chart = new BarChart(bars);
        chart.setId(id);
        return chart;
    }

    private static Component samples(String title, List<SnapshotStats.Sample> samples) {
        VerticalLayout list = new VerticalLayout();
        list.setPadding(false);
        for (SnapshotStats.Sample sample : samples) {
            Paragraph header = new Paragraph(sample.source() + " · " + sample.id() + " · " + sample.note());
            header.getStyle().set("font-weight", "600").set("margin", "0");
            Paragraph text = new Paragraph(sample.text());
            text.getStyle().set("white-space", "pre-wrap").set("margin", "0 0 var(--lumo-space-s) 0");
            list.add(header, text);
        }
        if (samples.isEmpty()) {
            list.add(new Paragraph("none"));
        }
        return new Details(title + " (" + samples.size() + ")", list);
    }

    private static String counts(Map<String, Long> counts) {
        return counts.isEmpty()
                ? "none"
                : counts.entrySet().stream()
                        .map(entry -> entry.getKey() + " " + entry.getValue())
                        .collect(Collectors.joining(", "));
    }
}
