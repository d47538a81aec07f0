package ai.enclave.deployments.ui;

import ai.enclave.portal.shell.AreaPage;
import ai.enclave.portal.shell.MainLayout;
import ai.enclave.portal.shell.PlannedArea;
import ai.enclave.security.domain.PortalArea;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.enterprise.context.Dependent;

/** Deployments: the area's entry page; lists what this area will hold until its feature lands. */
@Dependent
@AreaPage(PortalArea.DEPLOYMENTS)
@Route(value = "deployments", layout = MainLayout.class)
@PageTitle("Deployments · Enclave")
public class DeploymentsView extends PlannedArea {

    public DeploymentsView() {
        super(
                "Deployments",
                "Serve model versions on the company's own GPUs or CPUs.",
                "Deploy a model version to a serving worker",
                "Status, backend, memory and requests served of each deployment",
                "API keys for the OpenAI-compatible API");
    }
}
