package ai.enclave.portal.shell;

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

/** What a user sees, with HTTP 403, when they open a page their roles do not allow. */
@ParentLayout(MainLayout.class)
public class NotAllowedView extends VerticalLayout implements HasErrorParameter<AccessDeniedException> {

    public NotAllowedView() {
        setId("not-allowed");
        addClassName("enclave-page");
        add(
                new H2("This page is not allowed for your roles"),
                new Paragraph("You are signed in, but this page is not allowed for your roles. "
                        + "Ask an administrator if you need access."),
                new Anchor("/", "Back to the dashboard"));
    }

    @Override
    public int setErrorParameter(BeforeEnterEvent event, ErrorParameter<AccessDeniedException> parameter) {
        return HttpServletResponse.SC_FORBIDDEN;
    }
}
