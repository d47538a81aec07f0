package ai.enclave.data.ui;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;

/**
 * A "Test connection" button and the answer beside it: "Testing…" while the connector's check runs
 * in a worker, then "OK: ..." or "Failed: ..." with {@code data-ok} true or false for tests to read.
 * The page decides what is checked (a typed draft, or a saved source) and pushes the answer here.
 */
public class CheckButton extends Composite<HorizontalLayout> {

    final Button button = new Button("Test connection");
    final Span result = new Span();

    public CheckButton(String buttonId, String resultId) {
        button.setId(buttonId);
        result.setId(resultId);
        getContent().setPadding(false);
        getContent().setAlignItems(FlexComponent.Alignment.BASELINE);
        getContent().add(button, result);
    }

    /** While a check runs: the button waits for it. */
    void checking() {
        button.setEnabled(false);
        result.setText("Testing…");
        result.getElement().removeAttribute("data-ok");
    }

    void show(SourceChecks.Result answer) {
        button.setEnabled(true);
        result.setText((answer.ok() ? "OK: " : "Failed: ") + answer.message());
        result.getElement().setAttribute("data-ok", Boolean.toString(answer.ok()));
    }

    void clear() {
        result.setText("");
        result.getElement().removeAttribute("data-ok");
    }
}
