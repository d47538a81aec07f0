package ai.enclave.training.ui;

import ai.enclave.data.domain.MixPlan;
import ai.enclave.portal.platform.DeviceRating;
import ai.enclave.portal.platform.PageParts;
import ai.enclave.training.domain.TrainingEstimate;
import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import java.util.Locale;

/**
 * What a run will take before it is launched: parameters, tokens, FLOPs, time on this host's device,
 * cost at the configured price per device-hour, and memory needed against memory available, with
 * the basis of the device figure, then per snapshot the tokens the run takes from it and how many
 * times it is read (with a warning where that is too often); or why the run cannot be launched as typed.
 */
public class EstimatePanel extends Composite<Div> {

    public EstimatePanel() {
        getContent().setId("run-estimate");
        getContent().addClassName("enclave-notice");
    }

    /**
     * Shows an estimate computed for {@code device} at {@code pricePerDeviceHour}, and how the run's
     * tokens split over its data.
     */
    public void show(TrainingEstimate e, MixPlan data, DeviceRating device, double pricePerDeviceHour) {
        getContent().removeAll();
        getContent().removeClassName("error");
        getContent()
                .add(
                        line("Parameters", count(e.parameters())),
                        line("Tokens", count(e.tokens())),
                        line("Compute", String.format(Locale.ROOT, "%.2e FLOPs", e.flops())),
                        line("Time", duration(e.seconds()) + " on " + device.device()),
                        line(
                                "Cost",
                                pricePerDeviceHour > 0
                                        ? String.format(
                                                Locale.ROOT,
                                                "%.2f at %.2f per device-hour",
                                                e.cost(),
                                                pricePerDeviceHour)
                                        : "no price per device-hour is set"),
                        line(
                                "Memory",
                                gibibytes(e.memoryBytes()) + " needed of " + gibibytes(device.memoryBytes())
                                        + " available"),
                        note(device.basis()
                                + String.format(
                                        Locale.ROOT, " = %.2f GFLOP/s sustained.", device.flopsPerSecond() / 1e9)));
        int index = 0;
        for (MixPlan.Row row : data.rows()) {
            Span text = new Span(
                    String.format(Locale.ROOT, "%s tokens, read %.2f times", count(row.tokensTaken()), row.epochs()));
            text.setId("run-data-" + index);
            getContent().add(PageParts.fact(row.label(), text));
            if (row.warning() != null) {
                Paragraph warning = new Paragraph(row.warning());
                warning.setId("run-data-warning-" + index);
                warning.addClassNames("enclave-notice", "error");
                getContent().add(warning);
            }
            index++;
        }
    }

    /** Shows why the run cannot be launched as typed. */
    public void refuse(String reason) {
        getContent().removeAll();
        getContent().addClassName("error");
        Paragraph text = new Paragraph(reason);
        text.setId("run-refusal");
        getContent().add(text);
    }

    static String duration(double seconds) {
        if (seconds < 90) {
            return String.format(Locale.ROOT, "about %.0f s", Math.max(1, seconds));
        }
        if (seconds < 90 * 60) {
            return String.format(Locale.ROOT, "about %.0f min", seconds / 60);
        }
        if (seconds < 48 * 3600) {
            return String.format(Locale.ROOT, "about %.1f h", seconds / 3600);
        }
        return String.format(Locale.ROOT, "about %.1f days", seconds / 86400);
    }

    static String count(long n) {
        if (n >= 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.2f B", n / 1e9);
        }
        if (n >= 1_000_000L) {
            return String.format(Locale.ROOT, "%.2f M", n / 1e6);
        }
        if (n >= 10_000L) {
            return String.format(Locale.ROOT, "%.1f k", n / 1e3);
        }
        return Long.toString(n);
    }

    static String gibibytes(long bytes) {
        return String.format(Locale.ROOT, "%.2f GiB", bytes / (1024.0 * 1024 * 1024));
    }

    private static Div line(String label, String value) {
        return PageParts.fact(label, new Span(value));
    }

    private static Paragraph note(String text) {
        Paragraph note = new Paragraph(text);
        note.getStyle().set("font-size", "var(--lumo-font-size-s)").set("margin", "var(--lumo-space-s) 0 0 0");
        return note;
    }
}
