/*
 * One message of a conversation (table chat_messages): its position (0, 1, 2, ... in the order
 * written), role (system, user or assistant, as in the OpenAI and chat-template message lists) and
 * text. Immutable.
 */
package ai.enclave.chat.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

@Entity
@Table(name = "chat_messages")
public class ChatMessage {

    public static final int ROLE_LENGTH = 20;
    /** The roles the schema allows (chat_messages_role_known). */
    public static final List<String> ROLES = List.of("system", "user", "assistant");

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "id")
    private Long id;

    @NotNull
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "conversation_id", nullable = false, updatable = false)
    private Conversation conversation;

    @Column(name = "position", nullable = false, updatable = false)
    private int position;

    @NotNull
    @Size(max = ROLE_LENGTH)
    @Column(name = "role", length = ROLE_LENGTH, nullable = false, updatable = false)
    private String role;

    @NotNull
    @Column(name = "content", nullable = false, updatable = false)
    private String content;

    @NotNull
    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    /** The sampling seed of an assistant reply; null for other messages. */
    @Column(name = "seed", updatable = false)
    private Long seed;

    /** For JPA only. */
    protected ChatMessage() {}

    /** @throws IllegalArgumentException for a role other than system, user or assistant */
    public ChatMessage(Conversation conversation, int position, String role, String content, Instant createdAt) {
        this(conversation, position, role, content, createdAt, null);
    }

    /**
     * @param seed the sampling seed of an assistant reply, null for other messages
     * @throws IllegalArgumentException for a role other than system, user or assistant
     */
    public ChatMessage(
            Conversation conversation, int position, String role, String content, Instant createdAt, Long seed) {
        if (!ROLES.contains(role)) {
            throw new IllegalArgumentException("role must be one of " + ROLES + ", not " + role);
        }
        if (position < 0) {
            throw new IllegalArgumentException("position must not be negative, got " + position);
        }
        this.conversation = Objects.requireNonNull(conversation, "conversation is null");
        this.position = position;
        this.role = role;
        this.content = Objects.requireNonNull(content, "content is null");
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt is null");
        this.seed = seed;
    }

    /** The database id; {@code null} until persisted. */
    public Long getId() {
        return id;
    }

    /** 0 for the first message of the conversation, then counting up. */
    public int getPosition() {
        return position;
    }

    /** "system", "user" or "assistant". */
    public String getRole() {
        return role;
    }

    public String getContent() {
        return content;
    }

    /** The sampling seed of an assistant reply; null for other messages. */
    public Long getSeed() {
        return seed;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    @Override
    public String toString() {
        return "ChatMessage[" + id + ", " + position + ", " + role + "]";
    }
}
