/*
 * Data mixes: made from ready snapshots that share one tokenizer, listed, and planned for a token
 * budget (MixPlan: tokens and epochs per snapshot, with a warning for a snapshot repeated too often).
 * A mix is not edited once made: a training run that read it must keep pointing at what it read; a
 * different recipe is a new mix. For the same reason a mix is deleted only while no training run reads
 * it. Permission checks belong to the caller (security module).
 */
package ai.enclave.data.service;

import ai.enclave.common.NameTakenException;
import ai.enclave.common.Text;
import ai.enclave.common.Timestamps;
import ai.enclave.data.domain.DataMix;
import ai.enclave.data.domain.DatasetSnapshot;
import ai.enclave.data.domain.MixComponent;
import ai.enclave.data.domain.MixPlan;
import ai.enclave.database.EnclaveDatabase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

@ApplicationScoped
@Transactional
public class DataMixes {

    /** One row of the "new mix" form: a snapshot and its weight. */
    public record Choice(long snapshotId, double weight) {}

    @PersistenceContext(unitName = EnclaveDatabase.PERSISTENCE_UNIT)
    private EntityManager entityManager;

    @Inject
    private Clock clock;

    @Inject
    private DataCatalog catalog;

    /** For CDI, which fills the fields above. */
    protected DataMixes() {}

    /** For use outside a container (tests, tools): the caller owns the transaction. */
    public DataMixes(EntityManager entityManager, Clock clock) {
        this.entityManager = Objects.requireNonNull(entityManager, "entityManager is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
        this.catalog = new DataCatalog(entityManager, clock);
    }

    /**
     * Makes a mix of the chosen snapshots, in the order given.
     *
     * @throws IllegalArgumentException naming what is wrong: a blank or long name, fewer than two
     *     snapshots, one chosen twice, one missing, not ready or empty, a weight that is not a positive
     *     number, or snapshots tokenized with different tokenizers
     * @throws NameTakenException when a mix of that name exists, ignoring case
     */
    public DataMix create(String name, List<Choice> choices, String by) {
        String trimmedName = Text.required(name, DataMix.NAME_LENGTH, "name");
        if (choices.size() < 2) {
            throw new IllegalArgumentException(
                    "a mix needs at least two snapshots; to train on one, choose that snapshot itself");
        }
        List<MixComponent> components = new ArrayList<>(choices.size());
        Set<Long> seen = new HashSet<>();
        for (Choice choice : choices) {
            if (!seen.add(choice.snapshotId())) {
                throw new IllegalArgumentException("snapshot " + choice.snapshotId() + " is chosen twice");
            }
            DatasetSnapshot snapshot = catalog.findSnapshot(choice.snapshotId())
                    .orElseThrow(() -> new IllegalArgumentException("there is no snapshot " + choice.snapshotId()));
            if (!snapshot.isReady()) {
                throw new IllegalArgumentException("snapshot " + snapshot.getLabel()
                        + " is not ready to train on: its pipeline run is "
                        + snapshot.getJob().getState().dbName() + " or it kept no tokens");
            }
            components.add(new MixComponent(snapshot, choice.weight()));
        }
        requireOneTokenizer(components);
        boolean taken = entityManager
                        .createQuery("select count(m) from DataMix m where lower(m.name) = lower(:name)", Long.class)
                        .setParameter("name", trimmedName)
                        .getSingleResult()
                > 0;
        if (taken) {
            throw new NameTakenException("data mix", trimmedName);
        }
        DataMix mix = new DataMix(trimmedName, components, by, Timestamps.now(clock));
        entityManager.persist(mix);
        return mix;
    }

    /** All mixes by name. */
    public List<DataMix> mixes() {
        return entityManager
                .createQuery("select m from DataMix m order by lower(m.name)", DataMix.class)
                .getResultList();
    }

    public Optional<DataMix> find(long id) {
        return Optional.ofNullable(entityManager.find(DataMix.class, id));
    }

    /**
     * Deletes a mix that no training run reads (its snapshots stay).
     *
     * @throws IllegalArgumentException when there is no such mix
     * @throws MixInUseException naming the training runs that read it: a run keeps pointing at its data
     */
    public void delete(long id) {
        DataMix mix = find(id).orElseThrow(() -> new IllegalArgumentException("there is no data mix " + id));
        // SQL, not JPQL over TrainingRun: the training feature builds on this one, not the other way round
        @SuppressWarnings("unchecked")
        List<Object[]> runs = entityManager
                .createNativeQuery("select id, name from training_runs where mix_id = ?1 order by id")
                .setParameter(1, id)
                .getResultList();
        if (!runs.isEmpty()) {
            throw new MixInUseException(
                    mix.getName(),
                    runs.stream().map(r -> "\"" + r[1] + "\" (#" + r[0] + ")").toList());
        }
        entityManager.remove(mix);
    }

    /** The mix's snapshots under a token budget. */
    public static MixPlan plan(DataMix mix, long tokenBudget) {
        return MixPlan.of(
                mix.getComponents().stream()
                        .map(c -> part(c.getSnapshot(), c.getWeight()))
                        .toList(),
                tokenBudget);
    }

    /** One snapshot read alone under a token budget: how many times it is repeated. */
    public static MixPlan plan(DatasetSnapshot snapshot, long tokenBudget) {
        return MixPlan.of(List.of(part(snapshot, 1)), tokenBudget);
    }

    /** A snapshot as a part of a plan: its label and training tokens. */
    public static MixPlan.Part part(DatasetSnapshot snapshot, double weight) {
        return new MixPlan.Part(snapshot.getLabel(), Math.max(1, snapshot.getTrainTokens()), weight);
    }

    private static void requireOneTokenizer(List<MixComponent> components) {
        DatasetSnapshot first = components.getFirst().getSnapshot();
        for (MixComponent component : components.subList(1, components.size())) {
            DatasetSnapshot other = component.getSnapshot();
            boolean same;
            try {
                same = TokenizerIdentity.same(Path.of(first.getTokenizerDir()), Path.of(other.getTokenizerDir()));
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot compare the tokenizers of snapshots " + first.getLabel()
                        + " and " + other.getLabel() + ": " + e.getMessage());
            }
            if (!same) {
                throw new IllegalArgumentException("snapshot " + other.getLabel() + " was tokenized with another"
                        + " tokenizer than snapshot " + first.getLabel() + "; run its pipeline with the tokenizer"
                        + " of " + first.getLabel() + " so that their token ids mean the same words");
            }
        }
    }
}
