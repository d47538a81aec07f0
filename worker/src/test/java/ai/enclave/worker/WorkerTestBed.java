/*
 * What the worker's integration tests share, once per test JVM: a fresh migrated database on the real
 * PostgreSQL (domain's RealPostgres), an artifact directory, a folder of plain-text documents, and
 * that folder prepared once by a real `prepare` job (tokenizer + snapshot) for the training and
 * serving tests. Jobs are inserted and read with plain SQL, as the portal's rows would look.
 */
package ai.enclave.worker;

import ai.enclave.testsupport.RealPostgres;
import ai.enclave.testsupport.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;

final class WorkerTestBed {

    static final ObjectMapper JSON = new ObjectMapper();

    /** A job row as the portal reads it. */
    record JobRow(String state, int attempts, JsonNode progress, JsonNode result, String error) {}

    /** The shared prepare job's outcome: where its snapshot and tokenizer are. */
    record Prepared(long jobId, JobRow job, Path snapshot, Path tokenizer, int vocabSize) {}

    private static WorkerTestBed instance;

    final TestDatabase database;
    final DataSource dataSource;
    final Path root;
    final Path artifacts;
    private Prepared prepared;

    private WorkerTestBed() throws IOException {
        database = RealPostgres.freshDatabase();
        database.migrate();
        dataSource = database.dataSource();
        root = Files.createTempDirectory("enclave-worker-it-");
        artifacts = Files.createDirectories(root.resolve("artifacts"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(root)));
    }

    static synchronized WorkerTestBed get() throws IOException {
        if (instance == null) {
            instance = new WorkerTestBed();
        }
        return instance;
    }

    /** The corpus folder prepared by a real prepare job (vocabulary 300, a fifth held out). */
    synchronized Prepared prepared() throws IOException {
        if (prepared == null) {
            Path folder = Corpus.write(root.resolve("corpus"));
            ObjectNode spec = JSON.createObjectNode();
            ObjectNode source = spec.putObject("source").put("name", "handbook").put("type", "directory");
            source.putObject("config").put("root", folder.toString());
            spec.putObject("tokenizer").putObject("train").put("vocabSize", 300);
            spec.put("validationFraction", 0.2);
            long id = enqueue("prepare", spec);
            int exit = runWorker(id);
            JobRow job = job(id);
            if (exit != 0) {
                throw new IllegalStateException("the prepare job failed: " + job.error());
            }
            prepared = new Prepared(
                    id,
                    job,
                    Path.of(job.result().get("directory").asText()),
                    Path.of(job.result().get("tokenizerDir").asText()),
                    job.result().get("vocabSize").asInt());
        }
        return prepared;
    }

    long enqueue(String kind, JsonNode spec) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "insert into jobs (kind, spec, created_by) values (?, ?::jsonb, 'sub-test') returning id")) {
            insert.setString(1, kind);
            insert.setString(2, spec.toString());
            try (ResultSet row = insert.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    JobRow job(long id) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "select state, attempts, progress::text, result::text, error from jobs where id = ?")) {
            select.setLong(1, id);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return new JobRow(
                        row.getString(1),
                        row.getInt(2),
                        json(row.getString(3)),
                        json(row.getString(4)),
                        row.getString(5));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    void requestCancel(long id) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update =
                        connection.prepareStatement("update jobs set cancel_requested = true where id = ?")) {
            update.setLong(1, id);
            update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs a worker for the job in this JVM, as WorkerMain would in its own. */
    int runWorker(long id) {
        return runWorker(id, Clock.systemUTC());
    }

    int runWorker(long id, Clock clock) {
        return WorkerMain.run(id, dataSource, artifacts, clock);
    }

    /** Starts `WorkerMain --job ID` in a child JVM, as the portal's supervisor does. */
    Process startWorkerProcess(long id, Path log) throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        ProcessBuilder builder = new ProcessBuilder(List.of(
                java,
                "--add-modules",
                "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED",
                "-Denclave.backend=" + System.getProperty("enclave.backend", ""),
                "-cp",
                System.getProperty("java.class.path"),
                WorkerMain.class.getName(),
                "--job",
                Long.toString(id)));
        builder.environment().put("ENCLAVE_DB_URL", database.jdbcUrl());
        builder.environment().put("ENCLAVE_DB_USER", database.user());
        builder.environment().put("ENCLAVE_DB_PASSWORD", database.password());
        builder.environment().put("ENCLAVE_ARTIFACTS", artifacts.toString());
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        return builder.start();
    }

    private static JsonNode json(String text) {
        try {
            return text == null ? null : JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("Could not delete " + dir + ": " + e.getMessage());
        }
    }
}
