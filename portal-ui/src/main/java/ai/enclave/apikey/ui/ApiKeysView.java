package ai.enclave.apikey.ui;

import ai.enclave.apikey.domain.ApiKey;
import ai.enclave.apikey.service.ApiKeys;
import ai.enclave.audit.domain.AuditOutcome;
import ai.enclave.audit.service.AuditLog;
import ai.enclave.portal.platform.PageActions;
import ai.enclave.portal.shell.AreaPage;
import ai.enclave.portal.shell.MainLayout;
import ai.enclave.portal.shell.SessionUser;
import ai.enclave.security.domain.PortalArea;
import ai.enclave.security.domain.SignedInUser;
import ai.enclave.security.service.AccessGuard;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The user's API keys for the OpenAI-compatible API ({@code /v1}): create one with a name (its
 * secret is shown once, in a dialog, and only its hash is kept), see when each was last used,
 * revoke one. Everybody who may chat may have keys, so the page belongs to the chat area's rule.
 */
@Dependent
@AreaPage(PortalArea.CHAT)
@Route(value = "settings/api-keys", layout = MainLayout.class)
@PageTitle("API keys · Enclave")
public class ApiKeysView extends VerticalLayout {

    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneId.systemDefault());

    static final String CREATE_ACTION = "create-api-key";
    static final String REVOKE_ACTION = "revoke-api-key";

    private final ApiKeys apiKeys;
    private final AuditLog auditLog;
    private final PageActions actions;
    private final SignedInUser user = SessionUser.current();
    private final String owner = user.subject();
    private final TextField name = new TextField("Name");
    private final Grid<ApiKey> grid = new Grid<>();

    @Inject
    public ApiKeysView(ApiKeys apiKeys, AuditLog auditLog, AccessGuard accessGuard) {
        this.apiKeys = apiKeys;
        this.auditLog = auditLog;
        this.actions = new PageActions(accessGuard, PortalArea.CHAT);
        setId("api-keys");
        addClassName("enclave-page");
        setSizeFull();
        configureGrid();
        add(
                new H2("API keys"),
                new Paragraph("Programs use these keys to call Enclave's OpenAI-compatible API at /v1 "
                        + "(set the OpenAI client's base URL to this portal's address followed by /v1). "
                        + "A key acts as you: keep it secret, and revoke it when it is no longer needed."),
                createForm(),
                grid);
        refresh();
    }

    private Component createForm() {
        name.setId("api-key-name");
        name.setPlaceholder("e.g. reporting script");
        name.setMaxLength(ApiKey.NAME_LENGTH);
        name.setWidth("20rem");
        Button create = new Button("Create key", e -> create());
        create.setId("create-api-key");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.addClickShortcut(Key.ENTER).listenOn(name).resetFocusOnActiveElement();
        HorizontalLayout form = new HorizontalLayout(name, create);
        form.setAlignItems(FlexComponent.Alignment.BASELINE);
        return form;
    }

    private void configureGrid() {
        grid.setId("api-keys-grid");
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        grid.setWidthFull();
        grid.addColumn(ApiKey::getName).setHeader("Name").setAutoWidth(true);
        grid.addColumn(key -> key.getPrefix() + "…").setHeader("Key").setAutoWidth(true);
        grid.addColumn(key -> when(key.getCreatedAt())).setHeader("Created").setAutoWidth(true);
        grid.addColumn(key -> key.getLastUsedAt() == null ? "never" : when(key.getLastUsedAt()))
                .setHeader("Last used")
                .setAutoWidth(true);
        grid.addColumn(key -> key.getRevokedAt() == null ? "" : when(key.getRevokedAt()))
                .setHeader("Revoked")
                .setAutoWidth(true);
        grid.addComponentColumn(this::revokeButton).setHeader("").setAutoWidth(true);
    }

    private Component revokeButton(ApiKey key) {
        Button revoke = new Button("Revoke", e -> revoke(key));
        revoke.addClassName("revoke-api-key");
        revoke.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
        revoke.setEnabled(!key.isRevoked());
        return revoke;
    }

    private void create() {
        AtomicReference<ApiKeys.IssuedKey> issued = new AtomicReference<>();
        boolean created = actions.run(user, () -> {
            issued.set(apiKeys.issue(owner, name.getValue()));
            auditLog.record(
                    owner,
                    CREATE_ACTION,
                    target(issued.get().key()),
                    issued.get().key().getName(),
                    AuditOutcome.SUCCESS);
        });
        if (created) {
            name.clear();
            refresh();
            showSecret(issued.get());
        }
    }

    private void revoke(ApiKey key) {
        boolean revoked = actions.run(user, () -> {
            apiKeys.revoke(key.getId(), owner);
            auditLog.record(owner, REVOKE_ACTION, target(key), key.getName(), AuditOutcome.SUCCESS);
        });
        if (revoked) {
            PageActions.done("The key " + key.getName() + " is revoked; programs using it are refused from now on.");
            refresh();
        }
    }

    /** The only time the secret is shown: the portal keeps its hash, nothing it could show again. */
    private static void showSecret(ApiKeys.IssuedKey issued) {
        TextField secret = new TextField("Your new API key");
        secret.setId("api-key-secret");
        secret.setValue(issued.secret());
        secret.setReadOnly(true);
        secret.setWidthFull();
        secret.addFocusListener(e -> secret.getElement().executeJs("this.inputElement.select()"));
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("Key " + issued.key().getName() + " created");
        dialog.setWidth("36rem");
        Paragraph note = new Paragraph(
                "Copy it now: it will not be shown again. Programs send it as 'Authorization: Bearer <key>'.");
        note.setId("api-key-secret-note");
        dialog.add(secret, note);
        Button done = new Button("Done", e -> dialog.close());
        done.setId("api-key-secret-close");
        done.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        dialog.getFooter().add(done);
        dialog.setCloseOnOutsideClick(false);
        dialog.open();
    }

    private void refresh() {
        grid.setItems(apiKeys.of(owner));
    }

    private static String target(ApiKey key) {
        return "api-key:" + key.getId();
    }

    private static String when(Instant instant) {
        return WHEN.format(instant);
    }
}
