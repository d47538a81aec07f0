package ai.enclave.data.ui;

import ai.enclave.portal.shell.AreaPage;
import ai.enclave.portal.shell.MainLayout;
import ai.enclave.portal.shell.PlannedArea;
import ai.enclave.security.domain.PortalArea;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.enterprise.context.Dependent;

/** Data: the area's entry page; lists what this area will hold until its feature lands. */
@Dependent
@AreaPage(PortalArea.DATA)
@Route(value = "data", layout = MainLayout.class)
@PageTitle("Data · Enclave")
public class DataView extends PlannedArea {

    public DataView() {
        super(
                "Data",
                "Connect the company's sources and turn them into clean, deduplicated training data.",
                "Sources: file shares, databases, git repositories, intranet sites, open datasets",
                "Pipelines: cleaning, PII redaction, deduplication, tokenization",
                "Dataset snapshots with their statistics, and mixes of snapshots");
    }
}
