/*
 * The data steward's catalog: sources (a connector type and its config) and the pipeline runs over
 * them. Running the pipeline only queues a prepare job and records a snapshot row pointing at it; a
 * worker process does the work and JobOutcomes fills the row in once the job succeeded. Permission
 * checks belong to the caller (security module); this service keeps the data consistent and refuses
 * bad input with messages that name the field. A source's secret fields (SECRET_FIELDS) are encrypted
 * before they are stored; only workers decrypt them. Checks per type stay light (required fields
 * present): the connectors' own config parsing is the real check.
 */
package ai.enclave.data.service;

import ai.enclave.common.ConfigEncryption;
import ai.enclave.common.Json;
import ai.enclave.common.NameTakenException;
import ai.enclave.common.Text;
import ai.enclave.common.Timestamps;
import ai.enclave.data.domain.DataSourceRecord;
import ai.enclave.data.domain.DatasetSnapshot;
import ai.enclave.database.EnclaveDatabase;
import ai.enclave.jobs.domain.Job;
import ai.enclave.jobs.domain.JobKind;
import ai.enclave.jobs.service.JobOutcomeHandler;
import ai.enclave.jobs.service.Jobs;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

@ApplicationScoped
@Transactional
public class DataCatalog implements JobOutcomeHandler {

    /** The connector types a source may have: the connectors the worker bundles. */
    public static final List<String> SOURCE_TYPES = List.of("directory", "jsonl", "jdbc", "git", "web");

    /** Config fields that hold secrets, by type: stored encrypted, never shown. */
    public static final Map<String, List<String>> SECRET_FIELDS =
            Map.of("jdbc", List.of("password"), "git", List.of("token"));

    /** Config fields a source of the type cannot do without (directory and jsonl: their path, checked apart). */
    private static final Map<String, List<String>> REQUIRED_FIELDS = Map.of(
            "jdbc", List.of("url", "textColumns", "idColumn"),
            "git", List.of("repository"),
            "web", List.of("startUrls"));

    private static final System.Logger LOG = System.getLogger(DataCatalog.class.getName());

    @PersistenceContext(unitName = EnclaveDatabase.PERSISTENCE_UNIT)
    private EntityManager entityManager;

    @Inject
    private Clock clock;

    @Inject
    private Jobs jobs;

    /**
     * Asked for only when a config has a secret to store, so the key file is read then, not when the
     * catalog is made (pages that only list sources or settle jobs never need it). Null: no encryption
     * available, secrets are refused.
     */
    @Inject
    private Provider<ConfigEncryption> encryption;

    /** For CDI, which fills the fields above. */
    protected DataCatalog() {}

    /**
     * For use outside a container (tests, tools) where no source has secrets: adding a jdbc source
     * with a password or a git source with a token is refused. The caller owns the transaction.
     */
    public DataCatalog(EntityManager entityManager, Clock clock) {
        this.entityManager = Objects.requireNonNull(entityManager, "entityManager is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
        this.jobs = new Jobs(entityManager, clock);
    }

    /** For use outside a container with secrets encrypted by {@code encryption}. */
    public DataCatalog(EntityManager entityManager, Clock clock, ConfigEncryption encryption) {
        this(entityManager, clock);
        Objects.requireNonNull(encryption, "encryption is null");
        this.encryption = () -> encryption;
    }

    /**
     * Stores a source, its secret fields ({@link #SECRET_FIELDS}) encrypted.
     *
     * @throws IllegalArgumentException naming the field: blank or long name, unknown type, config not a
     *     JSON object, a required field missing, or the path it names missing or unreadable
     * @throws NameTakenException when a source of that name exists, ignoring case
     * @throws IllegalStateException when the config holds a secret and this catalog has no encryption
     */
    public DataSourceRecord addSource(String name, String type, String configJson, String createdBy) {
        String trimmedName = Text.required(name, DataSourceRecord.NAME_LENGTH, "name");
        if (!SOURCE_TYPES.contains(type)) {
            throw new IllegalArgumentException("type must be one of " + SOURCE_TYPES + ", not \"" + type + "\"");
        }
        ObjectNode config = Json.object(configJson, "config");
        if (type.equals("directory") || type.equals("jsonl")) {
            checkReadablePath(type, config);
        } else {
            checkRequiredFields(type, config);
        }
        boolean taken = entityManager
                        .createQuery(
                                "select count(s) from DataSourceRecord s where lower(s.name) = lower(:name)",
                                Long.class)
                        .setParameter("name", trimmedName)
                        .getSingleResult()
                > 0;
        if (taken) {
            throw new NameTakenException("data source", trimmedName);
        }
        DataSourceRecord source =
                new DataSourceRecord(trimmedName, type, sealed(type, config), createdBy, Timestamps.now(clock));
        entityManager.persist(source);
        return source;
    }

    /** All sources by name. */
    public List<DataSourceRecord> sources() {
        return entityManager
                .createQuery("select s from DataSourceRecord s order by lower(s.name)", DataSourceRecord.class)
                .getResultList();
    }

    public Optional<DataSourceRecord> findSource(long id) {
        return Optional.ofNullable(entityManager.find(DataSourceRecord.class, id));
    }

    /**
     * Queues a prepare job over the source, training a new tokenizer of {@code tokenizerVocabSize}
     * tokens and holding back {@code validationFraction} of the documents for evaluation, and records
     * the snapshot row that will describe its outcome. Both in the caller's transaction.
     *
     * @throws NoSuchElementException when there is no such source
     * @throws IllegalArgumentException when the vocabulary size or the fraction is out of range
     */
    public DatasetSnapshot runPipeline(long sourceId, int tokenizerVocabSize, double validationFraction, String by) {
        // 256 byte tokens plus room for merges and specials; the upper bound keeps the embedding sane
        if (tokenizerVocabSize < 260 || tokenizerVocabSize > 262_144) {
            throw new IllegalArgumentException(
                    "tokenizer vocabulary size must be between 260 and 262144, not " + tokenizerVocabSize);
        }
        ObjectNode tokenizer = Json.MAPPER.createObjectNode();
        tokenizer.putObject("train").put("vocabSize", tokenizerVocabSize);
        return queuePipeline(sourceId, tokenizer, validationFraction, by);
    }

    /**
     * Queues a prepare job over the source that tokenizes with the tokenizer of an existing snapshot,
     * so that the two snapshots can be mixed (their token ids mean the same words).
     *
     * @throws NoSuchElementException when there is no such source
     * @throws IllegalArgumentException when the snapshot is missing or has no tokenizer yet, or the
     *     fraction is out of range
     */
    public DatasetSnapshot runPipelineWithTokenizerOf(
            long sourceId, long tokenizerSnapshotId, double validationFraction, String by) {
        DatasetSnapshot other = findSnapshot(tokenizerSnapshotId)
                .orElseThrow(() -> new IllegalArgumentException("there is no snapshot " + tokenizerSnapshotId));
        if (other.getTokenizerDir() == null) {
            throw new IllegalArgumentException(
                    "snapshot " + other.getLabel() + " has no tokenizer yet: its pipeline run is "
                            + other.getJob().getState().dbName());
        }
        ObjectNode tokenizer = Json.MAPPER.createObjectNode().put("dir", other.getTokenizerDir());
        return queuePipeline(sourceId, tokenizer, validationFraction, by);
    }

    private DatasetSnapshot queuePipeline(long sourceId, ObjectNode tokenizer, double validationFraction, String by) {
        DataSourceRecord source = findSource(sourceId)
                .orElseThrow(() -> new NoSuchElementException("no data source with id " + sourceId));
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new IllegalArgumentException(
                    "validation fraction must be at least 0 and below 1, not " + validationFraction);
        }
        ObjectNode spec = Json.MAPPER.createObjectNode();
        ObjectNode sourceSpec = spec.putObject("source");
        // the id names the worker's store of the source's synced documents (artifacts/sources/source-ID)
        sourceSpec.put("id", source.getId()).put("name", source.getName()).put("type", source.getType());
        sourceSpec.set("config", Json.object(source.getConfig(), "config"));
        spec.set("tokenizer", tokenizer);
        spec.put("validationFraction", validationFraction);
        Job job = jobs.enqueue(JobKind.PREPARE, Json.text(spec), by);
        DatasetSnapshot snapshot = new DatasetSnapshot(source, job, by, Timestamps.now(clock));
        entityManager.persist(snapshot);
        return snapshot;
    }

    /**
     * Stops a pipeline run: a queued one at once, a running one at its worker's next heartbeat (the
     * sync commits what it read, so running the pipeline again continues from there); a finished run
     * stays as it is.
     *
     * @throws NoSuchElementException when there is no such snapshot
     */
    public void stopPipeline(long snapshotId) {
        DatasetSnapshot snapshot = findSnapshot(snapshotId)
                .orElseThrow(() -> new NoSuchElementException("no snapshot with id " + snapshotId));
        jobs.requestCancel(snapshot.getJob().getId());
    }

    /** All pipeline runs, newest first. */
    public List<DatasetSnapshot> snapshots() {
        return entityManager
                .createQuery(
                        "select s from DatasetSnapshot s order by s.createdAt desc, s.id desc", DatasetSnapshot.class)
                .getResultList();
    }

    public Optional<DatasetSnapshot> findSnapshot(long id) {
        return Optional.ofNullable(entityManager.find(DatasetSnapshot.class, id));
    }

    /** The snapshots a training run can read (job succeeded, documents and tokens > 0), newest first. */
    public List<DatasetSnapshot> readySnapshots() {
        return entityManager.createQuery("""
                        select s from DatasetSnapshot s
                        where s.job.state = 'succeeded' and s.documents > 0 and s.tokens > 0
                        order by s.createdAt desc, s.id desc
                        """, DatasetSnapshot.class).getResultList();
    }

    /** Fills in the snapshot rows of prepare jobs that succeeded, from the jobs' results. */
    @Override
    public int settleSucceededJobs() {
        List<DatasetSnapshot> open = entityManager
                .createQuery(
                        "select s from DatasetSnapshot s where s.documents is null and s.job.state = 'succeeded'",
                        DatasetSnapshot.class)
                .getResultList();
        int filled = 0;
        for (DatasetSnapshot snapshot : open) {
            // A result the worker wrote wrong must not block the other rows (or every page that settles).
            try {
                ObjectNode result = Json.object(
                        snapshot.getJob().getResult(),
                        "result of job " + snapshot.getJob().getId());
                JsonNode stats = result.get("stats");
                snapshot.recordOutcome(
                        textOrNull(result, "contentId"),
                        textOrNull(result, "directory"),
                        textOrNull(result, "tokenizerDir"),
                        result.path("documents").asLong(0),
                        result.path("tokens").asLong(0),
                        stats == null || stats.isNull() ? null : Json.text(stats));
                filled++;
            } catch (IllegalArgumentException e) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "snapshot " + snapshot.getId() + " not filled in: " + e.getMessage());
            }
        }
        return filled;
    }

    private static String textOrNull(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** The config as stored: the type's secret fields that are set, encrypted. */
    private String sealed(String type, ObjectNode config) {
        List<String> secrets = SECRET_FIELDS.getOrDefault(type, List.of()).stream()
                .filter(field -> config.path(field).isTextual()
                        && !config.path(field).asText().isEmpty())
                .toList();
        if (secrets.isEmpty()) {
            return Json.text(config);
        }
        if (encryption == null) {
            throw new IllegalStateException("config." + secrets.getFirst()
                    + " is a secret and this catalog has no key to encrypt it with (construct it with a"
                    + " ConfigEncryption, e.g. ai.enclave.secrets.SecretCipher)");
        }
        return encryption.get().encryptFields(Json.text(config), secrets);
    }

    private static void checkRequiredFields(String type, ObjectNode config) {
        for (String field : REQUIRED_FIELDS.getOrDefault(type, List.of())) {
            JsonNode value = config.get(field);
            boolean present = value != null
                    && ((value.isTextual() && !value.asText().isBlank()) || (value.isArray() && !value.isEmpty()));
            if (!present) {
                throw new IllegalArgumentException("config." + field + " is missing: a " + type + " source needs it");
            }
        }
    }

    /** The portal checks what it can see; the worker, on the same machine, reads the same path. */
    private static void checkReadablePath(String type, ObjectNode config) {
        String key = type.equals("directory") ? "root" : "path";
        JsonNode value = config.get(key);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException("config." + key + " is missing: the path the " + type + " source reads");
        }
        Path path;
        try {
            path = Path.of(value.asText());
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("config." + key + " is not a valid path: " + value.asText());
        }
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException("config." + key + " must be an absolute path, not " + path);
        }
        if (!Files.exists(path)) {
            throw new IllegalArgumentException("config." + key + ": " + path + " does not exist");
        }
        if (type.equals("directory") && !Files.isDirectory(path)) {
            throw new IllegalArgumentException("config." + key + ": " + path + " is not a directory");
        }
        if (!Files.isReadable(path)) {
            throw new IllegalArgumentException("config." + key + ": " + path + " is not readable by the portal");
        }
    }
}
