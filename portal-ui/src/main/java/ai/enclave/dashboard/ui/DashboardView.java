package ai.enclave.dashboard.ui;

import ai.enclave.portal.platform.HostCompute;
import ai.enclave.portal.shell.AreaPage;
import ai.enclave.portal.shell.MainLayout;
import ai.enclave.portal.shell.SessionUser;
import ai.enclave.runtime.hardware.HostHardware;
import ai.enclave.security.domain.PortalArea;
import ai.enclave.security.domain.SignedInUser;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.util.Locale;

/** The landing page: a greeting and the compute this Enclave host offers to training and serving. */
@Dependent
@AreaPage(PortalArea.DASHBOARD)
@Route(value = "", layout = MainLayout.class)
@PageTitle("Dashboard · Enclave")
public class DashboardView extends VerticalLayout {

    @Inject
    public DashboardView(HostCompute compute) {
        setId("dashboard");
        addClassName("enclave-page");
        HostHardware host = compute.hardware();
        add(greeting(), new H3("Compute on this host"), cards(host), gpuNote(host));
    }

    private static Component greeting() {
        SignedInUser user = SessionUser.current();
        return new Div(
                new H2("Welcome, " + user.shownName()),
                new Paragraph("Enclave turns your company's data into your company's own language models, "
                        + "inside your network."));
    }

    private static Component cards(HostHardware host) {
        Div cards = new Div(
                card("CPU", host.cpuModel()),
                card("Cores", Integer.toString(host.cpuCores())),
                card("Memory", gibibytes(host.memoryBytes())),
                card("GPUs", host.gpus().isEmpty() ? "none" : gpuList(host)));
        cards.addClassName("enclave-cards");
        cards.setWidthFull();
        cards.setId("compute");
        return cards;
    }

    private static Component gpuNote(HostHardware host) {
        Div note = new Div(new Span(host.backendSummary()));
        if (host.gpus().isEmpty() && host.gpuNote() != null) {
            note.add(new Paragraph("Why: " + host.gpuNote()));
        }
        note.addClassName("enclave-notice");
        note.setId("backend");
        return note;
    }

    private static String gpuList(HostHardware host) {
        return String.join(
                ", ",
                host.gpus().stream()
                        .map(gpu -> gpu.name() + " (" + gibibytes(gpu.memoryBytes()) + ")")
                        .toList());
    }

    private static Component card(String label, String value) {
        Span labelText = new Span(label);
        labelText.addClassName("label");
        Div valueText = new Div(value);
        valueText.addClassName("value");
        Div card = new Div(labelText, valueText);
        card.addClassName("enclave-card");
        return card;
    }

    private static String gibibytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (1024.0 * 1024 * 1024));
    }
}
