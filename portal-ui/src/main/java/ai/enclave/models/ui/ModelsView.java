package ai.enclave.models.ui;

import ai.enclave.common.Json;
import ai.enclave.common.NameTakenException;
import ai.enclave.deployment.domain.Deployment;
import ai.enclave.deployment.service.DeploymentRefusedException;
import ai.enclave.deployment.service.Deployments;
import ai.enclave.deployments.ui.DeploymentsView;
import ai.enclave.models.domain.ModelVersion;
import ai.enclave.models.service.ModelRegistry;
import ai.enclave.portal.platform.PageActions;
import ai.enclave.portal.platform.PageParts;
import ai.enclave.portal.shell.AreaPage;
import ai.enclave.portal.shell.MainLayout;
import ai.enclave.portal.shell.SessionUser;
import ai.enclave.security.domain.PortalArea;
import ai.enclave.security.service.AccessGuard;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * Models: every registered model version with its size, eval loss and the snapshots it was trained
 * on; the chosen one's config and training settings; and "Deploy", which starts a serving worker
 * for it. {@code ?version=ID} opens with that version chosen (the run page links here).
 */
@Dependent
@AreaPage(PortalArea.MODELS)
@Route(value = "models", layout = MainLayout.class)
@PageTitle("Models · Enclave")
public class ModelsView extends VerticalLayout implements BeforeEnterObserver {

    public static final String VERSION_PARAMETER = "version";

    private final ModelRegistry registry;
    private final Deployments deployments;
    private final PageActions actions;
    private final Grid<ModelVersion> grid = new Grid<>();
    private final H4 chosenTitle = new H4();
    private final Pre config = new Pre();
    private final Pre hyperparameters = new Pre();
    private final TextField deployName = new TextField("Deployment name");
    private final Button deploy = new Button("Deploy");
    private final VerticalLayout details = new VerticalLayout();
    private List<ModelVersion> versions = List.of();

    @Inject
    public ModelsView(ModelRegistry registry, Deployments deployments, AccessGuard guard) {
        this.registry = registry;
        this.deployments = deployments;
        this.actions = new PageActions(
                guard,
                PortalArea.DEPLOYMENTS,
                DeploymentRefusedException.class,
                NameTakenException.class,
                NoSuchElementException.class);
        addClassName("enclave-page");
        configureGrid();
        configureDetails();
        add(
                new H2("Models"),
                new Paragraph("Model versions registered by finished training runs. Deploy one to chat "
                        + "with it and to serve it through the API."),
                grid,
                details);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        versions = registry.versions();
        grid.setItems(versions);
        Optional<Long> asked = event.getLocation()
                .getQueryParameters()
                .getSingleParameter(VERSION_PARAMETER)
                .flatMap(ModelsView::parseId);
        // Without a choice in the URL the newest version is shown: the one just trained, usually.
        versions.stream()
                .filter(v -> asked.isPresent() && v.getId().equals(asked.get()))
                .findFirst()
                .or(() -> versions.stream().max(Comparator.comparing(ModelVersion::getId)))
                .ifPresentOrElse(this::choose, () -> details.setVisible(false));
    }

    private void configureGrid() {
        grid.setId("models-grid");
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        grid.setAllRowsVisible(true);
        grid.addColumn(ModelVersion::getName).setHeader("Name").setAutoWidth(true);
        grid.addColumn(ModelVersion::getVersion).setHeader("Version").setAutoWidth(true);
        grid.addColumn(v -> String.format(Locale.ROOT, "%,d", v.getParameters()))
                .setHeader("Parameters")
                .setAutoWidth(true);
        grid.addColumn(v -> v.getEvalLoss() == null ? "" : String.format(Locale.ROOT, "%.4f", v.getEvalLoss()))
                .setHeader("Eval loss")
                .setAutoWidth(true);
        grid.addColumn(ModelVersion::getSnapshotIds).setHeader("Snapshots").setAutoWidth(true);
        grid.addColumn(v -> PageParts.when(v.getCreatedAt()))
                .setHeader("Created")
                .setAutoWidth(true);
        grid.asSingleSelect().addValueChangeListener(change -> {
            if (change.isFromClient() && change.getValue() != null) {
                choose(change.getValue());
            }
        });
    }

    private void configureDetails() {
        deployName.setId("deploy-name");
        deploy.setId("deploy-model");
        deploy.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        deploy.addClickListener(click -> deploy());
        HorizontalLayout deployBar = new HorizontalLayout(deployName, deploy);
        deployBar.setAlignItems(FlexComponent.Alignment.BASELINE);
        config.setId("model-config");
        hyperparameters.setId("model-hyperparameters");
        details.setPadding(false);
        details.add(chosenTitle, deployBar, new H3("Config"), config, new H3("Training settings"), hyperparameters);
    }

    private void choose(ModelVersion version) {
        grid.select(version);
        details.setVisible(true);
        chosenTitle.setText(version.getLabel() + " · " + version.getDirectory());
        config.setText(pretty(version.getConfig()));
        hyperparameters.setText(pretty(version.getHyperparameters()));
        if (deployName.isEmpty()) {
            deployName.setValue(version.getName());
        }
    }

    private void deploy() {
        ModelVersion chosen = grid.asSingleSelect().getValue();
        if (chosen == null) {
            PageActions.problem("Choose a model version in the list first.");
            return;
        }
        Deployment[] deployed = new Deployment[1];
        if (actions.run(
                SessionUser.current(),
                () -> deployed[0] = deployments.deploy(
                        chosen.getId(),
                        deployName.getValue(),
                        SessionUser.current().username()))) {
            PageActions.done("Deploying " + chosen.getLabel() + " as \"" + deployed[0].getName() + "\".");
            getUI().ifPresent(ui -> ui.navigate(DeploymentsView.class));
        }
    }

    private static String pretty(String json) {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(Json.MAPPER.readTree(json));
        } catch (JsonProcessingException e) {
            return json;
        }
    }

    private static Optional<Long> parseId(String text) {
        try {
            return Optional.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
