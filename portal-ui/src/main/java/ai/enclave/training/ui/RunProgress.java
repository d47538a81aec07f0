package ai.enclave.training.ui;

import ai.enclave.common.Json;
import ai.enclave.jobs.domain.JobState;
import ai.enclave.training.domain.TrainingRun;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a training run is, as its worker last reported it (the train job's progress JSON:
 * {@code step}, {@code steps}, {@code tokensPerSecond}, {@code etaSeconds}, {@code dataEpochs}), and the state the pages
 * show for a run.
 *
 * @param tokensPerSecond {@code null} before the first step
 * @param etaSeconds {@code null} before the first step
 */
record RunProgress(int step, int steps, Double tokensPerSecond, Long etaSeconds) {

    static RunProgress of(String progressJson, int plannedSteps) {
        if (progressJson == null) {
            return new RunProgress(0, plannedSteps, null, null);
        }
        JsonNode progress = Json.object(progressJson, "progress");
        return new RunProgress(
                progress.path("step").asInt(0),
                progress.path("steps").asInt(plannedSteps),
                progress.hasNonNull("tokensPerSecond")
                        ? progress.get("tokensPerSecond").asDouble()
                        : null,
                progress.hasNonNull("etaSeconds") ? progress.get("etaSeconds").asLong() : null);
    }

    /**
     * How far the run has read each of its snapshots (the progress's {@code dataEpochs}, in the order
     * of {@code labels}): "#3 Handbook 0.42 epochs · #5 Wiki 3.10 epochs"; empty before the first step.
     */
    static String dataReadText(String progressJson, List<String> labels) {
        if (progressJson == null) {
            return "";
        }
        JsonNode epochs = Json.object(progressJson, "progress").path("dataEpochs");
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < Math.min(epochs.size(), labels.size()); i++) {
            parts.add(String.format(
                    Locale.ROOT, "%s %.2f epochs", labels.get(i), epochs.get(i).asDouble()));
        }
        return String.join(" · ", parts);
    }

    /** Between 0 and 1. */
    double fraction() {
        return steps <= 0 ? 0 : Math.min(1, Math.max(0, (double) step / steps));
    }

    String stepText() {
        return step + " / " + steps;
    }

    String etaText() {
        if (etaSeconds == null) {
            return "";
        }
        long s = etaSeconds;
        return s >= 3600
                ? String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60)
                : String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
    }

    String tokensPerSecondText() {
        return tokensPerSecond == null ? "" : String.format(Locale.ROOT, "%.1f", tokensPerSecond);
    }

    /**
     * The run's state: its job's, except that a job which succeeded but whose model version is not
     * registered yet (within 2 s) still counts as running, so "succeeded" always comes with its model.
     */
    static String state(TrainingRun run) {
        JobState job = run.getJob().getState();
        return job == JobState.SUCCEEDED && run.getModelVersion() == null ? JobState.RUNNING.dbName() : job.dbName();
    }

    /** The steps the run was launched with, from its training settings. */
    static int plannedSteps(TrainingRun run) {
        return Json.object(run.getHyperparameters(), "hyperparameters")
                .path("steps")
                .asInt(0);
    }
}
