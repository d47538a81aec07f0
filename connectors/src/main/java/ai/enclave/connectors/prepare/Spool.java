package ai.enclave.connectors.prepare;

import ai.enclave.connectors.spi.CloseableIterator;
import ai.enclave.connectors.spi.Document;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Normalised documents parked on disk between the two passes (the first pass counts boilerplate lines,
 * the second needs those counts), so sources are read and Tika runs once, and memory stays bounded.
 * Length-prefixed UTF-8 records (id, text, metadata pairs), uncompressed: the spool is temporary, and
 * gzip and JSON were a serial step costing more than several stages together. It takes about as much
 * disk as the normalised text, next to the snapshot being written. The same records hold a source read
 * ahead of its turn (raw documents) while the source before it is processed. A resumed run cuts the
 * spool back to its checkpointed length and appends (first pass), or reads on from a checkpointed
 * offset (second pass).
 */
final class Spool {
    private Spool() {}

    static final class Writer implements Closeable {
        private final RunDirectory.Journal file;
        private final DataOutputStream out;

        /** Appends to {@code file} after its first {@code keep} bytes (what follows them is cut off). */
        Writer(Path file, long keep) throws IOException {
            this.file = new RunDirectory.Journal(file, keep);
            this.out = this.file.out;
        }

        /** Flushes and returns the bytes written so far: a record boundary for a checkpoint. */
        long length() throws IOException {
            return file.length();
        }

        void write(Document d) throws IOException {
            writeString(d.id());
            writeString(d.text());
            out.writeInt(d.metadata().size());
            for (Map.Entry<String, String> e : d.metadata().entrySet()) {
                writeString(e.getKey());
                writeString(e.getValue());
            }
        }

        private void writeString(String s) throws IOException {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            out.writeInt(utf8.length);
            out.write(utf8);
        }

        @Override
        public void close() throws IOException {
            file.close();
        }
    }

    /** Reads the spool back in the order it was written. */
    static final class Reader implements CloseableIterator<Document> {
        private final DataInputStream in;
        private Document next;
        private long nextBytes;
        private long position;
        private boolean done;

        /** Reads from byte {@code offset}, a record boundary (0 or a {@link #position()} seen before). */
        Reader(Path file, long offset) throws IOException {
            FileChannel channel = FileChannel.open(file);
            channel.position(offset);
            in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel), 1 << 16));
            position = offset;
        }

        /** The offset just after the last document returned by {@link #next()}. */
        long position() {
            return position;
        }

        @Override
        public boolean hasNext() {
            if (next != null) return true;
            if (done) return false;
            try {
                String id;
                nextBytes = 0;
                try {
                    id = readString();
                } catch (EOFException e) {
                    done = true;
                    return false;
                }
                String text = readString();
                int pairs = in.readInt();
                Map<String, String> meta = new HashMap<>();
                for (int i = 0; i < pairs; i++) meta.put(readString(), readString());
                next = new Document(id, text, meta);
                nextBytes += 12 + 8L * pairs; // the length prefixes; readString counted the strings
                return true;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public Document next() {
            if (!hasNext()) throw new NoSuchElementException();
            Document d = next;
            next = null;
            position += nextBytes;
            return d;
        }

        private String readString() throws IOException {
            byte[] utf8 = new byte[in.readInt()];
            in.readFully(utf8);
            nextBytes += utf8.length;
            return new String(utf8, StandardCharsets.UTF_8);
        }

        @Override
        public void close() {
            try {
                in.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
