package ai.enclave.connectors.prepare;

import ai.enclave.connectors.spi.Document;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Normalised documents parked on disk between the two passes (the first pass counts boilerplate lines,
 * the second needs those counts), so sources are read and Tika runs once, and memory stays bounded.
 * Gzip at the fastest level: the spool is temporary and compression must not become the bottleneck.
 */
final class Spool {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Spool() {}

    static final class Writer implements Closeable {
        private final BufferedWriter out;

        Writer(Path file) throws IOException {
            OutputStream raw = Files.newOutputStream(file);
            GZIPOutputStream gz = new GZIPOutputStream(raw, 1 << 16) {
                {
                    def.setLevel(Deflater.BEST_SPEED);
                }
            };
            out = new BufferedWriter(new OutputStreamWriter(gz, StandardCharsets.UTF_8), 1 << 16);
        }

        void write(Document d) throws IOException {
            ObjectNode n = JSON.createObjectNode().put("id", d.id()).put("text", d.text());
            ObjectNode meta = n.putObject("metadata");
            d.metadata().forEach(meta::put);
            out.write(n.toString());
            out.write('\n');
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /** Reads the spool back in the order it was written. */
    static final class Reader implements Iterator<Document>, Closeable {
        private final BufferedReader in;
        private String line;

        Reader(Path file) throws IOException {
            in = new BufferedReader(
                    new InputStreamReader(
                            new GZIPInputStream(Files.newInputStream(file), 1 << 16), StandardCharsets.UTF_8),
                    1 << 16);
        }

        @Override
        public boolean hasNext() {
            try {
                if (line == null) line = in.readLine();
                return line != null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public Document next() {
            if (!hasNext()) throw new NoSuchElementException();
            try {
                JsonNode n = JSON.readTree(line);
                line = null;
                Map<String, String> meta = new HashMap<>();
                n.get("metadata")
                        .properties()
                        .forEach(e -> meta.put(e.getKey(), e.getValue().asText()));
                return new Document(n.get("id").asText(), n.get("text").asText(), meta);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
