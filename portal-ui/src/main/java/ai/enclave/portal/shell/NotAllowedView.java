package ai.enclave.portal.shell;

import ai.enclave.portal.platform.PlainPage;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.AccessDeniedException;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.ErrorParameter;
import com.vaadin.flow.router.HasErrorParameter;
import com.vaadin.flow.router.ParentLayout;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** What a user sees, with HTTP 403, when they open a page their roles do not allow. */
@ParentLayout(MainLayout.class)
public class NotAllowedView extends VerticalLayout implements HasErrorParameter<AccessDeniedException> {

    static final String ID = "not-allowed";
    static final String TITLE = "This page is not allowed for your roles";
    static final String MESSAGE = "You are signed in, but this page is not allowed for your roles. "
            + "Ask an administrator if you need access.";

    public NotAllowedView() {
        setId(ID);
        addClassName("enclave-page");
        add(new H2(TITLE), new Paragraph(MESSAGE), new Anchor("/", "Back to the dashboard"));
    }

    @Override
    public int setErrorParameter(BeforeEnterEvent event, ErrorParameter<AccessDeniedException> parameter) {
        return HttpServletResponse.SC_FORBIDDEN;
    }

    /** The same refusal as a plain page, for a typed URL refused before the application loads. */
    static void writePlain(HttpServletResponse response) throws IOException {
        PlainPage.write(
                response,
                HttpServletResponse.SC_FORBIDDEN,
                ID,
                TITLE,
                MESSAGE + " <a href=\"/\">Back to the dashboard</a>");
    }
}
