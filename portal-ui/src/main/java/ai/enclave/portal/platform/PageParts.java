package ai.enclave.portal.platform;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The small pieces the feature pages share, so they look and read the same: a labelled value, a time. */
public final class PageParts {

    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneId.systemDefault());

    /** "Label: value" on one line, the label in the secondary text colour. */
    public static Div fact(String label, Component value) {
        Span name = new Span(label + ": ");
        name.getStyle().set("color", "var(--lumo-secondary-text-color)");
        return new Div(name, value);
    }

    /** A point in time in the server's zone, to the second. */
    public static String when(Instant instant) {
        return instant == null ? "" : WHEN.format(instant);
    }

    private PageParts() {}
}
