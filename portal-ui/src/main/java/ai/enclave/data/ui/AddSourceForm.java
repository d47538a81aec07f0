package ai.enclave.data.ui;

import ai.enclave.common.Json;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.shared.Registration;
import java.util.Arrays;

/**
 * The "Add source" form: a name and a folder the documents are read from, with optional include and
 * exclude globs. It only collects input and fires {@link AddEvent}; the page calls the catalog and
 * hands a refusal back through {@link #showRefusal}, which marks the field the message names.
 */
public class AddSourceForm extends Composite<FormLayout> {

    /** The connector this form configures; the only one with a form so far. */
    static final String TYPE = "directory";

    final TextField name = new TextField("Name");
    final TextField path = new TextField("Folder");
    final TextField include = new TextField("Include (optional)");
    final TextField exclude = new TextField("Exclude (optional)");
    final Button add = new Button("Add source");

    /** What the user asked for: a source name and the directory connector's config JSON. */
    public record Draft(String name, String type, String configJson) {}

    public static class AddEvent extends ComponentEvent<AddSourceForm> {
        private final Draft draft;

        AddEvent(AddSourceForm source, Draft draft) {
            super(source, false);
            this.draft = draft;
        }

        public Draft draft() {
            return draft;
        }
    }

    public AddSourceForm() {
        name.setId("source-name");
        name.setPlaceholder("handbook");
        path.setId("source-path");
        path.setPlaceholder("/srv/documents/handbook");
        path.setHelperText("An absolute path on the Enclave host; read recursively.");
        include.setId("source-include");
        include.setPlaceholder("**/*.md, **/*.txt");
        include.setHelperText("Globs relative to the folder, separated by commas; empty reads every file.");
        exclude.setId("source-exclude");
        exclude.setPlaceholder("**/drafts/**");
        add.setId("add-source");
        add.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        add.addClickListener(click -> submit());
        getContent().add(name, path, include, exclude, add);
    }

    public Registration addAddListener(ComponentEventListener<AddEvent> listener) {
        return addListener(AddEvent.class, listener);
    }

    /** The directory connector's config for what is typed now. */
    Draft draft() {
        ObjectNode config = Json.MAPPER.createObjectNode();
        config.put("root", path.getValue().strip());
        ArrayNode includes = config.putArray("include");
        globs(include.getValue()).forEach(includes::add);
        ArrayNode excludes = config.putArray("exclude");
        globs(exclude.getValue()).forEach(excludes::add);
        return new Draft(name.getValue().strip(), TYPE, Json.text(config));
    }

    /** Shows the catalog's refusal on the field it names ("name ...", "config.root ..."), else returns false. */
    boolean showRefusal(String message) {
        TextField field = message.startsWith("name") || message.contains("data source")
                ? name
                : message.startsWith("config.root") ? path : null;
        if (field == null) {
            return false;
        }
        field.setErrorMessage(message);
        field.setInvalid(true);
        return true;
    }

    /** Empties the form after a source was added. */
    void clear() {
        for (TextField field : new TextField[] {name, path, include, exclude}) {
            field.clear();
            field.setInvalid(false);
        }
    }

    private void submit() {
        name.setInvalid(false);
        path.setInvalid(false);
        fireEvent(new AddEvent(this, draft()));
    }

    private static java.util.List<String> globs(String text) {
        return Arrays.stream(text.split("[,\\n]"))
                .map(String::strip)
                .filter(glob -> !glob.isEmpty())
                .toList();
    }
}
