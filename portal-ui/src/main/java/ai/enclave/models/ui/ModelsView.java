package ai.enclave.models.ui;

import ai.enclave.portal.shell.AreaPage;
import ai.enclave.portal.shell.MainLayout;
import ai.enclave.portal.shell.PlannedArea;
import ai.enclave.security.domain.PortalArea;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.enterprise.context.Dependent;

/** Models: the area's entry page; lists what this area will hold until its feature lands. */
@Dependent
@AreaPage(PortalArea.MODELS)
@Route(value = "models", layout = MainLayout.class)
@PageTitle("Models · Enclave")
public class ModelsView extends PlannedArea {

    public ModelsView() {
        super(
                "Models",
                "The model registry: every model version Enclave trained or imported.",
                "Model versions with their weights, tokenizer and chat template",
                "The data and hyperparameters each version was trained with",
                "Evaluation results and export");
    }
}
