/*
 * Chat history: a person's conversations with deployments and their messages, kept in PostgreSQL so a
 * page reload or a portal restart shows every message. Each person sees only their own: another's
 * conversation is reported as missing, never as forbidden (its existence is not told). Talking to the
 * model is ServingClient's part; this service only stores.
 */
package ai.enclave.chat.service;

import ai.enclave.chat.domain.ChatMessage;
import ai.enclave.chat.domain.Conversation;
import ai.enclave.common.Timestamps;
import ai.enclave.database.EnclaveDatabase;
import ai.enclave.deployment.domain.Deployment;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

@ApplicationScoped
@Transactional
public class Conversations {

    @PersistenceContext(unitName = EnclaveDatabase.PERSISTENCE_UNIT)
    private EntityManager entityManager;

    @Inject
    private Clock clock;

    /** For CDI, which fills the fields above. */
    protected Conversations() {}

    /** For use outside a container (tests, tools): the caller owns the transaction. */
    public Conversations(EntityManager entityManager, Clock clock) {
        this.entityManager = Objects.requireNonNull(entityManager, "entityManager is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
    }

    /**
     * @param title shown in the history; blank becomes "New conversation", long is cut
     * @throws NoSuchElementException when there is no such deployment
     */
    public Conversation start(String ownerSubject, long deploymentId, String title) {
        Deployment deployment = Optional.ofNullable(entityManager.find(Deployment.class, deploymentId))
                .orElseThrow(() -> new NoSuchElementException("no deployment with id " + deploymentId));
        Conversation conversation = new Conversation(ownerSubject, deployment, title, Timestamps.now(clock));
        entityManager.persist(conversation);
        return conversation;
    }

    /**
     * Adds a message at the end of the owner's conversation.
     *
     * @throws NoSuchElementException when the conversation does not exist or is someone else's
     * @throws IllegalArgumentException for a role other than system, user or assistant
     */
    public ChatMessage append(long conversationId, String ownerSubject, String role, String content) {
        return append(conversationId, ownerSubject, role, content, null);
    }

    /**
     * Adds a message with the seed its reply was sampled with (an assistant reply; null otherwise).
     *
     * @throws NoSuchElementException when the conversation does not exist or is someone else's
     * @throws IllegalArgumentException for a role other than system, user or assistant
     */
    public ChatMessage append(long conversationId, String ownerSubject, String role, String content, Long seed) {
        Conversation conversation = owned(conversationId, ownerSubject);
        // The row lock makes two appends to one conversation take positions one after the other.
        entityManager.lock(conversation, LockModeType.PESSIMISTIC_WRITE);
        Integer last = entityManager
                .createQuery("select max(m.position) from ChatMessage m where m.conversation = :c", Integer.class)
                .setParameter("c", conversation)
                .getSingleResult();
        ChatMessage message =
                new ChatMessage(conversation, last == null ? 0 : last + 1, role, content, Timestamps.now(clock), seed);
        entityManager.persist(message);
        conversation.touched(message.getCreatedAt());
        return message;
    }

    /** The person's conversations, last written to first. */
    public List<Conversation> of(String ownerSubject) {
        return entityManager
                .createQuery(
                        "select c from Conversation c where c.ownerSubject = :owner order by c.updatedAt desc, c.id desc",
                        Conversation.class)
                .setParameter("owner", ownerSubject)
                .getResultList();
    }

    /**
     * The conversation's messages in the order written.
     *
     * @throws NoSuchElementException when the conversation does not exist or is someone else's
     */
    public List<ChatMessage> messages(long conversationId, String ownerSubject) {
        Conversation conversation = owned(conversationId, ownerSubject);
        return entityManager
                .createQuery(
                        "select m from ChatMessage m where m.conversation = :c order by m.position", ChatMessage.class)
                .setParameter("c", conversation)
                .getResultList();
    }

    private Conversation owned(long conversationId, String ownerSubject) {
        Objects.requireNonNull(ownerSubject, "ownerSubject is null");
        Conversation conversation = entityManager.find(Conversation.class, conversationId);
        if (conversation == null || !conversation.getOwnerSubject().equals(ownerSubject)) {
            throw new NoSuchElementException("no conversation with id " + conversationId);
        }
        return conversation;
    }
}
