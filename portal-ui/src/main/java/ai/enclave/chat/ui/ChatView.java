package ai.enclave.chat.ui;

import ai.enclave.chat.domain.ChatMessage;
import ai.enclave.chat.domain.Conversation;
import ai.enclave.chat.service.Conversations;
import ai.enclave.chat.service.ServingClient;
import ai.enclave.chat.service.ServingException;
import ai.enclave.deployment.domain.Deployment;
import ai.enclave.deployment.service.Deployments;
import ai.enclave.portal.platform.PageActions;
import ai.enclave.portal.shell.AreaPage;
import ai.enclave.portal.shell.MainLayout;
import ai.enclave.portal.shell.SessionUser;
import ai.enclave.security.domain.PortalArea;
import ai.enclave.security.domain.SignedInUser;
import ai.enclave.security.service.AccessGuard;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.UIDetachedException;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.Scroller;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.OptionalParameter;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteConfiguration;
import com.vaadin.flow.server.Command;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ContextService;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Chat: talk with a deployed model. A history sidebar of the user's conversations (newest first),
 * the messages of the open one, and a composer. The reply streams token by token: it is generated
 * off the UI thread (a virtual thread carrying the container's context, so the services work from
 * it) and each piece is pushed to the page through {@link UI#access}. Every message is saved, so
 * {@code chat/<id>} shows a conversation again after a reload or a portal restart.
 *
 * <p>It holds no chat rules: conversations and their ownership are {@link Conversations}'s, sampling
 * settings are {@link ChatSampling}'s, the wire protocol to the model is {@link ServingClient}'s.
 */
@Dependent
@AreaPage(PortalArea.CHAT)
@Route(value = "chat", layout = MainLayout.class)
@PageTitle("Chat · Enclave")
public class ChatView extends HorizontalLayout implements HasUrlParameter<Long> {

    private static final Logger LOG = Logger.getLogger(ChatView.class.getName());
    private static final ServingClient SERVING = new ServingClient();

    private final Conversations conversations;
    private final Deployments deployments;
    private final PageActions actions;
    private final SignedInUser user = SessionUser.current();
    private final String owner = user.subject();

    /** Runs the reply task with the container's context (JNDI, class loader, security). */
    @Resource
    ContextService contexts;

    private final Select<Deployment> model = new Select<>();
    private final Div history = new Div();
    private final Div messages = new Div();
    private final Scroller messageScroller = new Scroller(messages);
    private final Paragraph emptyNote = new Paragraph();
    private final TextArea input = new TextArea();
    private final Button send = new Button("Send", VaadinIcon.PAPERPLANE.create());
    private final Button stop = new Button("Stop", VaadinIcon.STOP.create());

    /** The open conversation; null for a new chat until its first message is sent. */
    private Long conversationId;

    /** Set while a reply streams; setting it to true asks the reply to stop. */
    private AtomicBoolean replyStop;

    @Inject
    public ChatView(Conversations conversations, Deployments deployments, AccessGuard accessGuard) {
        this.conversations = conversations;
        this.deployments = deployments;
        this.actions = new PageActions(accessGuard, PortalArea.CHAT);
        setId("chat");
        setSizeFull();
        setSpacing(false);
        configureModelSelector();
        configureMessages();
        configureComposer();
        add(sidebar(), conversationPane());
        addDetachListener(e -> requestStop());
    }

    /** {@code chat} opens a new chat, {@code chat/<id>} one of the user's conversations. */
    @Override
    public void setParameter(BeforeEvent event, @OptionalParameter Long conversation) {
        requestStop();
        List<Deployment> live = refreshModels();
        conversationId = conversation;
        List<Conversation> mine = refreshHistory();
        if (conversation == null) {
            showNewChat();
            return;
        }
        Optional<Conversation> open =
                mine.stream().filter(c -> c.getId().equals(conversation)).findFirst();
        if (open.isEmpty()) {
            PageActions.problem("This conversation does not exist, or it is not yours.");
            event.forwardTo(ChatView.class);
            return;
        }
        show(open.get(), live);
    }

    private void configureModelSelector() {
        model.setId("chat-model");
        model.setLabel("Model");
        model.setItemLabelGenerator(Deployment::getName);
        model.setEmptySelectionAllowed(false);
        model.setWidth("18rem");
    }

    private void configureMessages() {
        messages.setId("chat-messages");
        messages.getStyle().set("display", "flex").set("flex-direction", "column");
        messages.setWidthFull();
        messageScroller.setSizeFull();
        emptyNote.setId("chat-no-models");
        emptyNote.getStyle().set("color", "var(--lumo-secondary-text-color)");
    }

    private void configureComposer() {
        input.setId("chat-input");
        input.setPlaceholder("Write a message; Enter sends, Shift+Enter starts a new line");
        input.setWidthFull();
        input.setMaxHeight("12rem");
        send.setId("chat-send");
        send.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        send.addClickListener(e -> actions.run(user, this::send));
        // resetFocusOnActiveElement: the text area's value reaches the server before the click.
        send.addClickShortcut(Key.ENTER).listenOn(input).resetFocusOnActiveElement();
        stop.setId("chat-stop");
        stop.addThemeVariants(ButtonVariant.LUMO_ERROR);
        stop.addClickListener(e -> requestStop());
        stop.setVisible(false);
    }

    private Component sidebar() {
        Button newChat = new Button(
                "New chat", VaadinIcon.PLUS.create(), e -> UI.getCurrent().navigate(ChatView.class));
        newChat.setId("new-chat");
        newChat.setWidthFull();
        history.setId("chat-history");
        history.setWidthFull();
        VerticalLayout sidebar = new VerticalLayout(newChat, new Scroller(history));
        sidebar.setWidth("16rem");
        sidebar.setHeightFull();
        sidebar.getStyle().set("flex-shrink", "0").set("border-right", "1px solid var(--lumo-contrast-10pct)");
        return sidebar;
    }

    private Component conversationPane() {
        HorizontalLayout composer = new HorizontalLayout(input, send, stop);
        composer.setWidthFull();
        composer.setAlignItems(FlexComponent.Alignment.END);
        VerticalLayout pane = new VerticalLayout(model, emptyNote, messageScroller, composer);
        pane.setSizeFull();
        pane.setFlexGrow(1, messageScroller);
        pane.getStyle().set("max-width", "60rem");
        return pane;
    }

    /** The live deployments in the selector, the current choice kept when it is still live. */
    private List<Deployment> refreshModels() {
        Long chosen = model.getValue() == null ? null : model.getValue().getId();
        List<Deployment> live = deployments.live();
        model.setItems(live);
        boolean none = live.isEmpty();
        model.setEnabled(!none);
        send.setEnabled(!none);
        emptyNote.setVisible(none);
        emptyNote.setText(none ? "No model is deployed yet. An ML engineer deploys one on the Deployments page." : "");
        select(live, chosen);
        return live;
    }

    private void select(List<Deployment> live, Long deploymentId) {
        live.stream()
                .filter(d -> d.getId().equals(deploymentId))
                .findFirst()
                .or(() -> live.stream().findFirst())
                .ifPresent(model::setValue);
    }

    /** The user's conversations, newest first; the open one marked. */
    private List<Conversation> refreshHistory() {
        List<Conversation> mine = conversations.of(owner);
        history.removeAll();
        for (Conversation conversation : mine) {
            history.add(historyItem(conversation));
        }
        return mine;
    }

    private Component historyItem(Conversation conversation) {
        Div item = new Div(conversation.getTitle());
        item.setId("conversation-" + conversation.getId());
        item.addClassName("chat-history-item");
        boolean open = conversation.getId().equals(conversationId);
        if (open) {
            item.addClassName("selected");
        }
        item.getStyle()
                .set("cursor", "pointer")
                .set("padding", "var(--lumo-space-xs) var(--lumo-space-s)")
                .set("border-radius", "var(--lumo-border-radius-m)")
                .set("overflow", "hidden")
                .set("text-overflow", "ellipsis")
                .set("white-space", "nowrap")
                // a flex child grows to its text unless capped: a long title would run under the chat
                .set("max-width", "100%")
                .set("box-sizing", "border-box")
                .set("background", open ? "var(--lumo-primary-color-10pct)" : "transparent");
        item.getElement().setAttribute("title", conversation.getTitle());
        item.addClickListener(e -> UI.getCurrent().navigate(ChatView.class, conversation.getId()));
        return item;
    }

    private void showNewChat() {
        // The address may still name the conversation the first message started (see send), and
        // the router does not rewrite an address it believes is already shown.
        showAddress(RouteConfiguration.forSessionScope().getUrl(ChatView.class));
        messages.removeAll();
        input.clear();
        input.focus();
    }

    /** Every message of the conversation from the database, its model chosen when still live. */
    private void show(Conversation conversation, List<Deployment> live) {
        select(live, conversation.getDeployment().getId());
        messages.removeAll();
        for (ChatMessage message : conversations.messages(conversation.getId(), owner)) {
            if (!"system".equals(message.getRole())) {
                messages.add(new MessageBubble(message.getRole(), message.getContent(), message.getSeed()));
            }
        }
        scrollToEnd();
    }

    /**
     * Saves the user's message (starting the conversation on the first one), then asks the model.
     * The message stays saved whatever happens to the reply.
     */
    private void send() {
        long sentAt = System.nanoTime();
        String text = input.getValue().strip();
        Deployment deployment = model.getValue();
        if (text.isEmpty() || replyStop != null) {
            return;
        }
        if (deployment == null) {
            PageActions.problem("Choose a model first.");
            return;
        }
        if (conversationId == null) {
            conversationId = conversations
                    .start(owner, deployment.getId(), ChatTitle.of(text))
                    .getId();
            // The address names the conversation, so a reload opens it again.
            showAddress(RouteConfiguration.forSessionScope().getUrl(ChatView.class, conversationId));
        }
        conversations.append(conversationId, owner, "user", text);
        input.clear();
        messages.add(new MessageBubble("user", text));
        refreshHistory();
        scrollToEnd();

        Optional<URI> endpoint = deployments.endpoint(deployment.getId());
        if (endpoint.isEmpty()) {
            PageActions.problem("The model " + deployment.getName()
                    + " is not ready to answer yet (it may still be loading). "
                    + "Your message is saved; send another in a moment.");
            return;
        }
        List<ServingClient.Message> prompt = conversations.messages(conversationId, owner).stream()
                .map(m -> new ServingClient.Message(m.getRole(), m.getContent()))
                .toList();
        streamReply(endpoint.get(), prompt, sentAt);
    }

    /** @param sentAt {@link System#nanoTime} when Send was pressed, for the latency log line */
    private void streamReply(URI endpoint, List<ServingClient.Message> prompt, long sentAt) {
        UI ui = UI.getCurrent();
        long conversation = conversationId;
        long seed = ChatSampling.newSeed();
        MessageBubble reply = new MessageBubble("assistant", "", seed);
        reply.addClassName("streaming");
        messages.add(reply);
        AtomicBoolean stopFlag = new AtomicBoolean();
        replyStop = stopFlag;
        showStreaming(true);

        Runnable task = () -> {
            StringBuilder text = new StringBuilder();
            AtomicLong firstPieceAt = new AtomicLong();
            String failure = null;
            try {
                ServingClient.Outcome outcome = SERVING.stream(
                        endpoint,
                        prompt,
                        ChatSampling.options(seed),
                        piece -> {
                            firstPieceAt.compareAndSet(0, System.nanoTime());
                            text.append(piece);
                            update(ui, () -> {
                                reply.append(piece);
                                scrollToEnd();
                            });
                        },
                        stopFlag::get);
                logTiming(conversation, sentAt, firstPieceAt.get(), outcome);
            } catch (ServingException e) {
                failure = "The model could not answer: " + e.getMessage();
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "chat reply in conversation " + conversation + " failed", e);
                failure = "The reply failed; the error was logged on the server.";
            }
            // What was generated is kept, also when the user pressed Stop or left the page.
            if (!text.isEmpty()) {
                try {
                    conversations.append(conversation, owner, "assistant", text.toString(), seed);
                } catch (RuntimeException e) {
                    LOG.log(Level.SEVERE, "reply in conversation " + conversation + " not saved", e);
                    failure = "The reply could not be saved; the error was logged on the server.";
                }
            }
            String shownFailure = failure;
            update(ui, () -> replyEnded(stopFlag, reply, shownFailure));
        };
        Thread.ofVirtual().name("chat-reply-" + conversation).start(contexts.contextualRunnable(task));
    }

    /**
     * One line per reply: the portal's share of the wait for the first token and the streaming
     * rate, the figures to compare with the engine's own ({@code ./enclave generate}).
     */
    private static void logTiming(long conversation, long sentAt, long firstPieceAt, ServingClient.Outcome outcome) {
        if (firstPieceAt == 0) {
            return;
        }
        long end = System.nanoTime();
        double seconds = (end - firstPieceAt) / 1e9;
        LOG.info(String.format(
                Locale.ROOT,
                "chat reply in conversation %d: first piece %.0f ms after Send, %d tokens at %.1f tokens/s, finish %s",
                conversation,
                (firstPieceAt - sentAt) / 1e6,
                outcome.completionTokens(),
                seconds > 0 ? (outcome.completionTokens() - 1) / seconds : 0.0,
                outcome.finishReason()));
    }

    private void replyEnded(AtomicBoolean stopFlag, MessageBubble reply, String failure) {
        reply.removeClassName("streaming");
        if (reply.isEmpty()) {
            messages.remove(reply);
        }
        if (replyStop == stopFlag) {
            replyStop = null;
            showStreaming(false);
        }
        if (failure != null) {
            PageActions.problem(failure + " Your message is saved.");
        }
        refreshHistory();
    }

    private void requestStop() {
        if (replyStop != null) {
            replyStop.set(true);
            stop.setEnabled(false);
        }
    }

    private void showStreaming(boolean streaming) {
        stop.setVisible(streaming);
        stop.setEnabled(streaming);
        send.setEnabled(!streaming && model.getValue() != null);
    }

    /** Changes the browser's address without navigating (no new history entry). */
    private static void showAddress(String url) {
        UI.getCurrent().getPage().getHistory().replaceState(null, url);
    }

    private void scrollToEnd() {
        messageScroller.getElement().executeJs("this.scrollTop = this.scrollHeight");
    }

    /** Runs {@code command} in the page's UI from another thread; a page already closed is skipped. */
    private static void update(UI ui, Command command) {
        try {
            ui.access(command);
        } catch (UIDetachedException e) {
            // The user left; the reply task goes on to save what was generated.
        }
    }
}
