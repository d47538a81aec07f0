package ai.enclave.training.ui;

import ai.enclave.portal.shell.AreaPage;
import ai.enclave.portal.shell.MainLayout;
import ai.enclave.portal.shell.PlannedArea;
import ai.enclave.security.domain.PortalArea;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.enterprise.context.Dependent;

/** Training: the area's entry page; lists what this area will hold until its feature lands. */
@Dependent
@AreaPage(PortalArea.TRAINING)
@Route(value = "training", layout = MainLayout.class)
@PageTitle("Training · Enclave")
public class TrainingView extends PlannedArea {

    public TrainingView() {
        super(
                "Training",
                "Train models from scratch, continue from a checkpoint, or instruction-tune.",
                "A new-run form with estimated compute, time and cost",
                "Live loss, tokens per second and ETA of every run",
                "Checkpoints and automatic resume after a worker failure");
    }
}
