package ai.enclave.data.ui;

import ai.enclave.common.Json;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.HasValue;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.component.textfield.TextFieldBase;
import com.vaadin.flow.shared.Registration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The "Add source" form: a name, a connector type, and that type's fields, built into the connector's
 * config JSON with the field names its config record reads (connectors/…/{@code *Config}); blank optional
 * fields keep the connector's defaults. Values the connector would refuse and the form can judge alone (a
 * fetch size below 1, a heading line without a column) are marked on their field, with a message naming
 * the config field, and nothing is fired. It collects input and fires
 * {@link AddEvent} or {@link CheckEvent}; the page calls the catalog or the check and hands the answer
 * back ({@link #showRefusal}, the {@link CheckButton}). Secrets (jdbc password, git token) are password
 * fields: typed in, never filled from a stored source.
 */
public class AddSourceForm extends Composite<FormLayout> {

    /** The connector types the form has fields for, the first being the default. */
    static final List<String> TYPES = List.of("directory", "jsonl", "jdbc", "git", "web");

    final TextField name = new TextField("Name");
    final Select<String> type = new Select<>();
    final TextField path = new TextField("Folder");
    final TextField textField = new TextField("Text field");
    final TextField idField = new TextField("Id field (optional)");
    final TextField url = new TextField("JDBC URL");
    final TextField user = new TextField("User");
    final PasswordField password = new PasswordField("Password");
    final TextField table = new TextField("Table");
    final TextArea query = new TextArea("Or a SQL query");
    final TextField textColumns = new TextField("Text columns");
    final TextField idColumn = new TextField("Id column");
    final TextField updatedAtColumn = new TextField("Updated-at column (optional)");
    final TextArea headings = new TextArea("Headings (optional)");
    final TextField metadataColumns = new TextField("Metadata columns (optional)");
    final IntegerField fetchSize = new IntegerField("Fetch size (optional)");
    final Checkbox deletionScan = new Checkbox("Find deleted rows (reads every id on each sync)");
    final TextField repository = new TextField("Repository");
    final TextField ref = new TextField("Branch, tag or commit (optional)");
    final TextField username = new TextField("User (optional)");
    final PasswordField token = new PasswordField("Access token (optional)");
    final IntegerField maxFileBytes = new IntegerField("Largest file, bytes (optional)");
    final TextField startUrls = new TextField("Start URLs");
    final TextField allowedHosts = new TextField("Allowed hosts (optional)");
    final IntegerField maxDepth = new IntegerField("Max depth (optional)");
    final IntegerField maxPages = new IntegerField("Max pages (optional)");
    final IntegerField delayMillis = new IntegerField("Delay between requests, ms (optional)");
    final TextField userAgent = new TextField("User agent (optional)");
    final IntegerField timeoutSeconds = new IntegerField("Request timeout, seconds (optional)");
    final TextField include = new TextField("Include (optional)");
    final TextField exclude = new TextField("Exclude (optional)");
    final Button add = new Button("Add source");
    final CheckButton check = new CheckButton("test-source", "source-check-result");

    /** Which fields each type shows, in the order shown; the name and type are always there. */
    private final Map<String, List<Component>> fieldsByType = Map.of(
            "directory", List.of(path, include, exclude),
            "jsonl", List.of(path, textField, idField, include),
            "jdbc",
                    List.of(
                            url,
                            user,
                            password,
                            table,
                            query,
                            textColumns,
                            idColumn,
                            updatedAtColumn,
                            headings,
                            metadataColumns,
                            fetchSize,
                            deletionScan),
            "git", List.of(repository, ref, username, token, include, exclude, maxFileBytes),
            "web",
                    List.of(
                            startUrls,
                            allowedHosts,
                            maxDepth,
                            maxPages,
                            include,
                            exclude,
                            delayMillis,
                            userAgent,
                            timeoutSeconds));

    /** What the user asked for: a source name, its type and that connector's config JSON. */
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

    /** "Test connection" on what is typed now (the name is not needed). */
    public static class CheckEvent extends ComponentEvent<AddSourceForm> {
        private final Draft draft;

        CheckEvent(AddSourceForm source, Draft draft) {
            super(source, false);
            this.draft = draft;
        }

        public Draft draft() {
            return draft;
        }
    }

    public AddSourceForm() {
        configureIds();
        configureHints();
        type.setLabel("Type");
        type.setItems(TYPES);
        type.setValue(TYPES.getFirst());
        type.addValueChangeListener(change -> showFieldsOf(change.getValue()));
        password.setRevealButtonVisible(false);
        token.setRevealButtonVisible(false);
        add.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        add.addClickListener(click -> submit());
        check.button.addClickListener(click -> {
            if (valid()) {
                fireEvent(new CheckEvent(this, draft()));
            }
        });
        getContent().add(name, type);
        for (Component field : allFields()) {
            getContent().add(field);
        }
        getContent().add(new HorizontalLayout(add, check));
        showFieldsOf(type.getValue());
    }

    public Registration addAddListener(ComponentEventListener<AddEvent> listener) {
        return addListener(AddEvent.class, listener);
    }

    public Registration addCheckListener(ComponentEventListener<CheckEvent> listener) {
        return addListener(CheckEvent.class, listener);
    }

    /** The chosen connector's config for what is typed now; blank optional fields are left out. */
    Draft draft() {
        String chosen = type.getValue();
        ObjectNode config = Json.MAPPER.createObjectNode();
        switch (chosen) {
            case "directory" -> {
                config.put("root", path.getValue().strip());
                list(config, "include", globs(include.getValue()));
                list(config, "exclude", globs(exclude.getValue()));
            }
            case "jsonl" -> {
                config.put("path", path.getValue().strip());
                optional(config, "textField", textField);
                optional(config, "idField", idField);
                listIfAny(config, "include", globs(include.getValue()));
            }
            case "jdbc" -> {
                config.put("url", url.getValue().strip());
                optional(config, "user", user);
                // a password is taken as typed: leading or trailing spaces may be part of it
                if (!password.getValue().isEmpty()) {
                    config.put("password", password.getValue());
                }
                optional(config, "table", table);
                optional(config, "query", query);
                list(config, "textColumns", words(textColumns.getValue()));
                config.put("idColumn", idColumn.getValue().strip());
                optional(config, "updatedAtColumn", updatedAtColumn);
                Map<String, String> headingLines = headings(headings.getValue());
                if (!headingLines.isEmpty()) {
                    headingLines.forEach(config.putObject("headings")::put);
                }
                listIfAny(config, "metadataColumns", words(metadataColumns.getValue()));
                optional(config, "fetchSize", fetchSize);
                if (deletionScan.getValue()) {
                    config.put("deletionScan", true);
                }
            }
            case "git" -> {
                config.put("repository", repository.getValue().strip());
                optional(config, "ref", ref);
                listIfAny(config, "include", globs(include.getValue()));
                listIfAny(config, "exclude", globs(exclude.getValue()));
                optional(config, "username", username);
                if (!token.getValue().isEmpty()) {
                    config.put("token", token.getValue());
                }
                optional(config, "maxFileBytes", maxFileBytes);
            }
            case "web" -> {
                list(config, "startUrls", words(startUrls.getValue()));
                listIfAny(config, "allowedHosts", words(allowedHosts.getValue()));
                optional(config, "maxDepth", maxDepth);
                optional(config, "maxPages", maxPages);
                listIfAny(config, "include", regexes(include.getValue()));
                listIfAny(config, "exclude", regexes(exclude.getValue()));
                optional(config, "delayMillis", delayMillis);
                optional(config, "userAgent", userAgent);
                optional(config, "timeoutSeconds", timeoutSeconds);
            }
            default -> throw new IllegalStateException("no fields for source type " + chosen);
        }
        return new Draft(name.getValue().strip(), chosen, Json.text(config));
    }

    /**
     * Shows the catalog's refusal on the field it names ("name ...", "config.root ...", "config.url
     * ..."), else returns false and the page shows it as a notification.
     */
    boolean showRefusal(String message) {
        TextFieldBase<?, ?> field = message.startsWith("name") || message.contains("data source")
                ? name
                : message.startsWith("config.") ? fieldNamed(message.substring("config.".length())) : null;
        if (field == null) {
            return false;
        }
        field.setErrorMessage(message);
        field.setInvalid(true);
        return true;
    }

    /** Empties the form after a source was added; the type stays as it was. */
    void clear() {
        name.clear();
        name.setInvalid(false);
        for (Component field : allFields()) {
            ((HasValue<?, ?>) field).clear();
            if (field instanceof TextFieldBase<?, ?> text) {
                text.setInvalid(false);
            }
        }
        check.clear();
    }

    private void submit() {
        name.setInvalid(false);
        if (valid()) {
            fireEvent(new AddEvent(this, draft()));
        }
    }

    /**
     * Marks the shown fields whose value the connector would refuse, each with a message naming its config
     * field as the connector does ({@code fetchSize: must be at least 1, got 0}); true when there is none.
     */
    boolean valid() {
        for (Component field : allFields()) {
            if (field instanceof TextFieldBase<?, ?> text) {
                text.setInvalid(false);
            }
        }
        boolean valid = true;
        String chosen = type.getValue();
        if (chosen.equals("jdbc")) {
            valid &= atLeast(fetchSize, "fetchSize", 1);
            try {
                List<String> columns = words(textColumns.getValue());
                for (String column : headings(headings.getValue()).keySet()) {
                    if (!columns.contains(column)) {
                        throw new IllegalArgumentException(
                                "headings: '" + column + "' is not one of the text columns " + columns);
                    }
                }
            } catch (IllegalArgumentException e) {
                valid = invalid(headings, e.getMessage());
            }
        }
        if (chosen.equals("git")) {
            valid &= atLeast(maxFileBytes, "maxFileBytes", 1);
        }
        if (chosen.equals("web")) {
            valid &= atLeast(maxDepth, "maxDepth", 0);
            valid &= atLeast(maxPages, "maxPages", 1);
            valid &= atLeast(delayMillis, "delayMillis", 0);
            valid &= atLeast(timeoutSeconds, "timeoutSeconds", 1);
            if (!userAgent.getValue().strip().matches("([\\x21-\\x7e][\\x20-\\x7e]*)?")) {
                valid = invalid(userAgent, "userAgent: printable ASCII only");
            }
        }
        return valid;
    }

    private static boolean atLeast(IntegerField field, String configField, int min) {
        Integer value = field.getValue();
        return value == null
                || value >= min
                || invalid(field, configField + ": must be at least " + min + ", got " + value);
    }

    /** Marks the field; always false, for {@code valid &= ...}. */
    private static boolean invalid(TextFieldBase<?, ?> field, String message) {
        field.setErrorMessage(message);
        field.setInvalid(true);
        return false;
    }

    private void showFieldsOf(String chosen) {
        List<Component> shown = fieldsByType.get(chosen);
        // the chosen type's fields in its own order, right after the name and type; the others stay in the
        // form, hidden, so what was typed in them survives a change of type
        for (int i = 0; i < shown.size(); i++) {
            getContent().addComponentAtIndex(2 + i, shown.get(i));
        }
        for (Component field : allFields()) {
            field.setVisible(shown.contains(field));
        }
        boolean jsonl = chosen.equals("jsonl");
        path.setLabel(jsonl ? "File or folder" : "Folder");
        path.setHelperText(
                jsonl
                        ? "A .jsonl or .jsonl.gz file, or a folder searched for them, on the Enclave host."
                        : "An absolute path on the Enclave host; read recursively.");
        boolean web = chosen.equals("web");
        include.setHelperText(
                web
                        ? "Regular expressions found in the URL, separated by spaces; others are not fetched."
                        : "Globs on the relative path, separated by commas; empty reads every file.");
        exclude.setHelperText(web ? "Regular expressions, separated by spaces." : "Globs, separated by commas.");
        check.clear();
    }

    /** Every type's fields, each once, in the order of {@link #TYPES}. */
    private List<Component> allFields() {
        return TYPES.stream()
                .flatMap(t -> fieldsByType.get(t).stream())
                .distinct()
                .toList();
    }

    /** The field a catalog message names by its config field, e.g. "url is missing" → the URL field. */
    private TextFieldBase<?, ?> fieldNamed(String rest) {
        Map<String, TextFieldBase<?, ?>> byConfigField = Map.ofEntries(
                Map.entry("root", path),
                Map.entry("path", path),
                Map.entry("url", url),
                Map.entry("table", table),
                Map.entry("query", query),
                Map.entry("textColumns", textColumns),
                Map.entry("idColumn", idColumn),
                Map.entry("headings", headings),
                Map.entry("metadataColumns", metadataColumns),
                Map.entry("fetchSize", fetchSize),
                Map.entry("repository", repository),
                Map.entry("maxFileBytes", maxFileBytes),
                Map.entry("startUrls", startUrls),
                Map.entry("delayMillis", delayMillis),
                Map.entry("userAgent", userAgent),
                Map.entry("timeoutSeconds", timeoutSeconds));
        return byConfigField.entrySet().stream()
                .filter(e -> rest.startsWith(e.getKey() + " ") || rest.startsWith(e.getKey() + ":"))
                .map(Map.Entry::getValue)
                .filter(Component::isVisible)
                .findFirst()
                .orElse(null);
    }

    private void configureIds() {
        name.setId("source-name");
        type.setId("source-type");
        path.setId("source-path");
        textField.setId("source-text-field");
        idField.setId("source-id-field");
        url.setId("source-url");
        user.setId("source-user");
        password.setId("source-password");
        table.setId("source-table");
        query.setId("source-query");
        textColumns.setId("source-text-columns");
        idColumn.setId("source-id-column");
        updatedAtColumn.setId("source-updated-at-column");
        headings.setId("source-headings");
        metadataColumns.setId("source-metadata-columns");
        fetchSize.setId("source-fetch-size");
        deletionScan.setId("source-deletion-scan");
        repository.setId("source-repository");
        ref.setId("source-ref");
        username.setId("source-username");
        token.setId("source-token");
        maxFileBytes.setId("source-max-file-bytes");
        startUrls.setId("source-start-urls");
        allowedHosts.setId("source-allowed-hosts");
        maxDepth.setId("source-max-depth");
        maxPages.setId("source-max-pages");
        delayMillis.setId("source-delay-millis");
        userAgent.setId("source-user-agent");
        timeoutSeconds.setId("source-timeout-seconds");
        include.setId("source-include");
        exclude.setId("source-exclude");
        add.setId("add-source");
    }

    private void configureHints() {
        name.setPlaceholder("handbook");
        path.setPlaceholder("/srv/documents/handbook");
        include.setPlaceholder("**/*.md, **/*.txt");
        exclude.setPlaceholder("**/drafts/**");
        textField.setPlaceholder("text");
        textField.setHelperText("The field holding the text, dotted for nested objects; empty: text.");
        url.setPlaceholder("jdbc:postgresql://db.internal:5432/support");
        table.setPlaceholder("public.tickets");
        query.setHelperText("Give a table or a query, not both; read in a read-only transaction.");
        textColumns.setPlaceholder("subject, body");
        idColumn.setPlaceholder("id");
        updatedAtColumn.setPlaceholder("updated_at");
        updatedAtColumn.setHelperText("Lets a sync read only rows changed since the last one.");
        headings.setPlaceholder("body: Answer");
        headings.setHelperText("One line per text column: the column, a colon, the heading put above its value.");
        metadataColumns.setPlaceholder("author, product");
        metadataColumns.setHelperText("Copied into each document's metadata.");
        fetchSize.setPlaceholder("500");
        fetchSize.setHelperText("Rows fetched per round trip.");
        repository.setPlaceholder("https://git.internal/platform/api.git");
        repository.setHelperText("A local path, or an http(s) or file URL; no password in the URL.");
        ref.setPlaceholder("main");
        maxFileBytes.setPlaceholder("1048576");
        maxFileBytes.setHelperText("Larger files are skipped: they are mostly generated code or data. Empty: 1 MiB.");
        startUrls.setPlaceholder("https://wiki.corp.example/");
        startUrls.setHelperText("Separated by spaces or commas.");
        allowedHosts.setPlaceholder("wiki.corp.example, *.docs.corp.example");
        allowedHosts.setHelperText("Empty: the start URLs' hosts. The crawler never contacts any other.");
        maxDepth.setPlaceholder("5");
        maxPages.setPlaceholder("1000");
        delayMillis.setPlaceholder("1000");
        delayMillis.setHelperText("Pause between two requests to one host; a longer robots.txt Crawl-delay wins.");
        userAgent.setPlaceholder("EnclaveBot/1.0");
        timeoutSeconds.setPlaceholder("30");
    }

    private static void optional(ObjectNode config, String field, HasValue<?, String> input) {
        String value = input.getValue().strip();
        if (!value.isEmpty()) {
            config.put(field, value);
        }
    }

    private static void optional(ObjectNode config, String field, IntegerField input) {
        if (input.getValue() != null) {
            config.put(field, input.getValue());
        }
    }

    /** "column: Heading" lines, in order; blank lines skipped. */
    private static Map<String, String> headings(String text) {
        Map<String, String> byColumn = new LinkedHashMap<>();
        for (String line : split(text, "\\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0 || line.substring(colon + 1).isBlank()) {
                throw new IllegalArgumentException("headings: '" + line + "' is not 'column: heading'");
            }
            byColumn.put(
                    line.substring(0, colon).strip(), line.substring(colon + 1).strip());
        }
        return byColumn;
    }

    private static void list(ObjectNode config, String field, List<String> values) {
        ArrayNode array = config.putArray(field);
        values.forEach(array::add);
    }

    private static void listIfAny(ObjectNode config, String field, List<String> values) {
        if (!values.isEmpty()) {
            list(config, field, values);
        }
    }

    private static List<String> globs(String text) {
        return split(text, "[,\\n]");
    }

    /** Column names, URLs and host names: separated by commas or spaces. */
    private static List<String> words(String text) {
        return split(text, "[,\\s]+");
    }

    /** Regular expressions may hold commas ({@code a{1,3}}), so only spaces separate them. */
    private static List<String> regexes(String text) {
        return split(text, "\\s+");
    }

    private static List<String> split(String text, String separators) {
        return Arrays.stream(text.split(separators))
                .map(String::strip)
                .filter(item -> !item.isEmpty())
                .toList();
    }
}
