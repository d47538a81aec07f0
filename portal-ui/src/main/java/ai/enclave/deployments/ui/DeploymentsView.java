package ai.enclave.deployments.ui;

import ai.enclave.common.Json;
import ai.enclave.deployment.domain.Deployment;
import ai.enclave.deployment.service.Deployments;
import ai.enclave.jobs.domain.JobState;
import ai.enclave.portal.platform.LiveUpdates;
import ai.enclave.portal.platform.PageActions;
import ai.enclave.portal.platform.PageParts;
import ai.enclave.portal.shell.AreaPage;
import ai.enclave.portal.shell.MainLayout;
import ai.enclave.portal.shell.SessionUser;
import ai.enclave.security.domain.PortalArea;
import ai.enclave.security.service.AccessGuard;
import com.fasterxml.jackson.databind.JsonNode;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;

/**
 * Deployments: every model deployment with its status (loading, ready, stopped, failed), the backend
 * its serving worker runs on, the memory it uses and the requests it served, refreshed every 2
 * seconds. "Stop" asks the serving worker to end.
 */
@Dependent
@AreaPage(PortalArea.DEPLOYMENTS)
@Route(value = "deployments", layout = MainLayout.class)
@PageTitle("Deployments · Enclave")
public class DeploymentsView extends VerticalLayout {

    private final Deployments deployments;
    private final PageActions actions;
    private final Grid<Deployment> grid = new Grid<>();
    private final H3 chosenTitle = new H3();
    private final Span status = new Span();
    private final Paragraph error = new Paragraph();
    private final Button stop = new Button("Stop");
    private final VerticalLayout details = new VerticalLayout();
    private Long chosenId;

    @Inject
    public DeploymentsView(Deployments deployments, AccessGuard guard, LiveUpdates live) {
        this.deployments = deployments;
        this.actions = new PageActions(guard, PortalArea.DEPLOYMENTS, NoSuchElementException.class);
        addClassName("enclave-page");
        configureGrid();
        configureDetails();
        add(
                new H2("Deployments"),
                new Paragraph("Model versions being served, each by a worker process of its own. Deploy "
                        + "a model from the Models page."),
                grid,
                details);
        refresh();
        live.whileAttached(this, this::refresh);
    }

    /** loading | ready | stopped | failed, from the deployment and its serve job's progress. */
    static String status(Deployment deployment) {
        JobState job = deployment.getJob().getState();
        if (job == JobState.FAILED) {
            return "failed";
        }
        if (deployment.getStoppedAt() != null || job.isFinal()) {
            return "stopped";
        }
        return "ready".equals(progress(deployment).path("status").asText()) ? "ready" : "loading";
    }

    private void configureGrid() {
        grid.setId("deployments-grid");
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        grid.setAllRowsVisible(true);
        grid.addColumn(Deployment::getName).setHeader("Name").setAutoWidth(true);
        grid.addColumn(d -> d.getModelVersion().getLabel()).setHeader("Model").setAutoWidth(true);
        grid.addColumn(DeploymentsView::status).setHeader("Status").setAutoWidth(true);
        grid.addColumn(d -> progress(d).path("backend").asText(""))
                .setHeader("Backend")
                .setAutoWidth(true);
        grid.addColumn(d -> memory(progress(d))).setHeader("Memory").setAutoWidth(true);
        grid.addColumn(d -> progress(d).path("requests").asText(""))
                .setHeader("Requests")
                .setAutoWidth(true);
        grid.addColumn(d -> PageParts.when(d.getCreatedAt()))
                .setHeader("Created")
                .setAutoWidth(true);
        grid.asSingleSelect().addValueChangeListener(change -> {
            if (change.isFromClient() && change.getValue() != null) {
                chosenId = change.getValue().getId();
                show(change.getValue());
            }
        });
    }

    private void configureDetails() {
        status.setId("deployment-status");
        error.setId("deployment-error");
        error.addClassNames("enclave-notice", "error");
        stop.setId("stop-deployment");
        stop.addThemeVariants(ButtonVariant.LUMO_ERROR);
        stop.addClickListener(click -> stop());
        details.setPadding(false);
        details.add(chosenTitle, PageParts.fact("Status", status), error, stop);
    }

    private void refresh() {
        List<Deployment> all = deployments.deployments();
        grid.setItems(all);
        if (all.isEmpty()) {
            details.setVisible(false);
            return;
        }
        // The newest deployment is shown until the user picks another one.
        Deployment chosen =
                all.stream().filter(d -> d.getId().equals(chosenId)).findFirst().orElse(all.getFirst());
        chosenId = chosen.getId();
        grid.select(chosen);
        show(chosen);
    }

    private void show(Deployment deployment) {
        details.setVisible(true);
        chosenTitle.setText(
                deployment.getName() + " · " + deployment.getModelVersion().getLabel());
        String current = status(deployment);
        status.setText(current);
        String jobError = deployment.getJob().getError();
        error.setVisible(jobError != null);
        error.setText(jobError == null ? "" : "The serving worker failed: " + jobError);
        stop.setEnabled(current.equals("loading") || current.equals("ready"));
    }

    private void stop() {
        Long id = chosenId;
        if (id == null) {
            return;
        }
        if (actions.run(
                SessionUser.current(),
                () -> deployments.stop(id, SessionUser.current().username()))) {
            PageActions.done("Stopping the deployment.");
            refresh();
        }
    }

    private static JsonNode progress(Deployment deployment) {
        String progress = deployment.getJob().getProgress();
        return progress == null ? Json.MAPPER.createObjectNode() : Json.object(progress, "progress");
    }

    private static String memory(JsonNode progress) {
        return progress.hasNonNull("memoryBytes")
                ? String.format(
                        Locale.ROOT, "%.1f MiB", progress.get("memoryBytes").asLong() / (1024.0 * 1024))
                : "";
    }
}
