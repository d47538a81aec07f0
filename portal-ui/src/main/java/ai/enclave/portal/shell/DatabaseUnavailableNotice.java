package ai.enclave.portal.shell;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;

/** The one wording for a database outage, used by the error page and by in-page failures. */
final class DatabaseUnavailableNotice {

    static Component create() {
        Div notice = new Div(
                new H2("Database unavailable"),
                new Paragraph("Enclave cannot reach its database right now. "
                        + "Nothing you saved is lost; reload this page in a moment. "
                        + "If it stays this way, ask IT to check the database service (./enclave status)."));
        notice.setId("database-unavailable");
        notice.addClassNames("enclave-notice", "error");
        return notice;
    }

    private DatabaseUnavailableNotice() {}
}
