package ai.enclave.chat.ui;

import com.vaadin.flow.component.Text;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;

/**
 * One message on the chat page: an element of class {@code chat-message} plus its role
 * ({@code user} or {@code assistant}), the text kept as typed (line breaks shown, no markup
 * interpreted). A streamed reply grows by text nodes, so each piece sends only itself to the browser.
 * A reply carries its sampling seed as {@code data-seed}, for whoever wants the same reply again.
 */
class MessageBubble extends Div {

    private final Div text = new Div();
    private boolean empty = true;

    MessageBubble(String role, String content) {
        this(role, content, null);
    }

    /** @param seed the sampling seed of an assistant reply, shown as the attribute data-seed */
    MessageBubble(String role, String content, Long seed) {
        addClassNames("chat-message", role);
        if (seed != null) {
            getElement().setAttribute("data-seed", Long.toString(seed));
        }
        Span speaker = new Span("user".equals(role) ? "You" : "Model");
        speaker.addClassName("chat-message-role");
        speaker.getStyle()
                .set("font-size", "var(--lumo-font-size-xs)")
                .set("color", "var(--lumo-secondary-text-color)");
        text.addClassName("chat-message-text");
        text.getStyle().set("white-space", "pre-wrap").set("overflow-wrap", "anywhere");
        getStyle()
                .set("max-width", "80%")
                .set("padding", "var(--lumo-space-s) var(--lumo-space-m)")
                .set("border-radius", "var(--lumo-border-radius-l)")
                .set("margin", "var(--lumo-space-xs) 0")
                .set("align-self", "user".equals(role) ? "flex-end" : "flex-start")
                .set(
                        "background",
                        "user".equals(role) ? "var(--lumo-primary-color-10pct)" : "var(--lumo-contrast-5pct)");
        add(speaker, text);
        append(content);
    }

    void append(String piece) {
        if (!piece.isEmpty()) {
            text.add(new Text(piece));
            empty = false;
        }
    }

    boolean isEmpty() {
        return empty;
    }
}
