package ai.enclave.portal.shell;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;

/**
 * The page an area shows before its feature is built: what it is for and what will appear here,
 * so a user is never left with a blank screen.
 */
public class PlannedArea extends VerticalLayout {

    public PlannedArea(String title, String purpose, String... comingHere) {
        addClassName("enclave-page");
        UnorderedList list = new UnorderedList();
        for (String item : comingHere) {
            list.add(new ListItem(item));
        }
        Div notice = new Div(new Paragraph("Coming here:"), list);
        notice.addClassName("enclave-notice");
        add(new H2(title), new Paragraph(purpose), notice);
    }
}
