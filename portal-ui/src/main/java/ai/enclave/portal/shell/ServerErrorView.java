package ai.enclave.portal.shell;

import ai.enclave.portal.platform.DatabaseStatus;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.ErrorParameter;
import com.vaadin.flow.router.HasErrorParameter;
import com.vaadin.flow.router.ParentLayout;
import jakarta.servlet.http.HttpServletResponse;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Replaces Vaadin's default error page for failures while opening a page: a database outage gets a
 * plain "database unavailable" page (503) that recovers on reload once the database is back;
 * anything else is logged in full and shown without a stack trace.
 */
@ParentLayout(MainLayout.class)
public class ServerErrorView extends VerticalLayout implements HasErrorParameter<Exception> {

    private static final Logger LOG = Logger.getLogger(ServerErrorView.class.getName());

    @Override
    public int setErrorParameter(BeforeEnterEvent event, ErrorParameter<Exception> parameter) {
        addClassName("enclave-page");
        Exception failure = parameter.getCaughtException();
        if (DatabaseStatus.isOutage(failure)) {
            LOG.warning("page " + event.getLocation().getPath() + " failed: database unavailable");
            add(DatabaseUnavailableNotice.create());
            return HttpServletResponse.SC_SERVICE_UNAVAILABLE;
        }
        LOG.log(Level.SEVERE, "page " + event.getLocation().getPath() + " failed", failure);
        add(
                new H2("Something went wrong"),
                new Paragraph("The error was logged on the server. Try again, or tell IT the time it happened."));
        return HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
    }
}
