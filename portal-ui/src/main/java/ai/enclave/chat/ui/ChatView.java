package ai.enclave.chat.ui;

import ai.enclave.portal.shell.AreaPage;
import ai.enclave.portal.shell.MainLayout;
import ai.enclave.portal.shell.PlannedArea;
import ai.enclave.security.domain.PortalArea;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.enterprise.context.Dependent;

/** Chat: the area's entry page; lists what this area will hold until its feature lands. */
@Dependent
@AreaPage(PortalArea.CHAT)
@Route(value = "chat", layout = MainLayout.class)
@PageTitle("Chat · Enclave")
public class ChatView extends PlannedArea {

    public ChatView() {
        super(
                "Chat",
                "Chat with the models your team may use, in the browser, inside the company network.",
                "The deployed models granted to your groups",
                "Replies streamed token by token, with a stop button",
                "Your conversations, saved and listed in a history sidebar");
    }
}
