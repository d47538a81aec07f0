package ai.enclave.connectors.prepare;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

/**
 * The working state of one run, {@code <output>/.run-<key>/}, where the key is a hash of everything
 * that decides the snapshot (sources, settings, the tokenizer's SHA-256), so a run stopped or killed
 * part way is found again by the next run of the same config and by no other:
 * <pre>
 * lock                 held while a run uses the directory (a second run of the same config is refused)
 * spool                the first pass's normalised documents
 * ahead-N              source N read ahead of its turn (first pass only)
 * pass1.checkpoint     sources spooled so far, line counts, first-pass statistics
 * pass2.checkpoint     position in the spool and every piece of second-pass state but the dedup indexes
 * exact.journal        exact dedup's insertions, in order, replayed on resume (append-only)
 * near.journal         near dedup's kept signatures and band keys, in order (append-only)
 * work/                the snapshot being written (shards, documents.jsonl), moved into place at the end
 * </pre>
 * Checkpoints are written to a temporary file and renamed over the old one, and end with a CRC-32C, so
 * a kill while one is written leaves the previous one and a damaged one is recognised
 * ({@link Unusable}). Not a guard against power loss: nothing is forced to disk (a killed process loses
 * nothing the operating system already holds; a file damaged by a power cut makes the run start over).
 */
final class RunDirectory implements Closeable {
    /** A checkpoint or a file it counts on is missing, short or damaged: the run starts over. */
    static final class Unusable extends IOException {
        Unusable(String message) {
            super(message);
        }
    }

    interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    interface Parser<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static final int MAGIC = 0x454E4350; // "ENCP"
    /** Raised whenever saved state changes meaning: 2 when the line and word hashes changed function. */
    private static final int VERSION = 2;

    final Path dir;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private RunDirectory(Path dir, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** Opens (creating) the run directory of {@code key} in {@code output} and locks it. */
    static RunDirectory open(Path output, String key) throws IOException {
        Path dir = Files.createDirectories(output.resolve(".run-" + key));
        FileChannel channel =
                FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IOException("another run of the same config is using " + dir);
        }
        return new RunDirectory(dir, channel, lock);
    }

    Path spool() {
        return dir.resolve("spool");
    }

    Path ahead(int source) {
        return dir.resolve("ahead-" + source);
    }

    Path pass1() {
        return dir.resolve("pass1.checkpoint");
    }

    Path pass2() {
        return dir.resolve("pass2.checkpoint");
    }

    Path exactJournal() {
        return dir.resolve("exact.journal");
    }

    Path nearJournal() {
        return dir.resolve("near.journal");
    }

    Path work() {
        return dir.resolve("work");
    }

    /** Removes everything but the lock: the run starts from the beginning. */
    void clear() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) if (!p.getFileName().toString().equals("lock")) deleteTree(p);
        }
    }

    /** After the snapshot is published: unlocks and removes the directory. */
    void delete() throws IOException {
        close();
        deleteTree(dir);
    }

    @Override
    public void close() throws IOException {
        if (!lockChannel.isOpen()) return;
        lock.release();
        lockChannel.close();
    }

    /** Writes a checkpoint: magic, version, body, CRC-32C of all before it; renamed into place when complete. */
    static void writeCheckpoint(Path file, Body body) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        CRC32C crc = new CRC32C();
        try (OutputStream raw = Files.newOutputStream(tmp)) {
            DataOutputStream out =
                    new DataOutputStream(new BufferedOutputStream(new CheckedOutputStream(raw, crc), 1 << 16));
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            body.write(out);
            out.flush();
            new DataOutputStream(raw).writeLong(crc.getValue());
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Reads a checkpoint written by {@link #writeCheckpoint}; null when there is none. */
    static <T> T readCheckpoint(Path file, Parser<T> parser) throws IOException {
        if (!Files.isRegularFile(file)) return null;
        long size = Files.size(file);
        String name = file.getFileName().toString();
        if (size < 16) throw new Unusable(name + " is truncated");
        CRC32C crc = new CRC32C();
        long stored;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            byte[] buf = new byte[1 << 16];
            for (long left = size - 8; left > 0; ) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) throw new Unusable(name + " is truncated");
                crc.update(buf, 0, n);
                left -= n;
            }
            stored = new DataInputStream(in).readLong();
        }
        if (stored != crc.getValue()) throw new Unusable(name + " is damaged (checksum mismatch)");
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readInt() != MAGIC || in.readInt() != VERSION) throw new Unusable(name + " has another format");
            return parser.read(in);
        }
    }

    /** Fails with {@link Unusable} unless {@code file} holds at least {@code bytes} bytes. */
    static void requireLength(Path file, long bytes) throws IOException {
        long size = Files.isRegularFile(file) ? Files.size(file) : -1;
        if (size < bytes) {
            throw new Unusable(file.getFileName() + " is shorter than its checkpoint says (" + Math.max(size, 0) + " < "
                    + bytes + " bytes)");
        }
    }

    /**
     * An append-only file whose length a checkpoint records: opened, it is cut back to that length, so
     * what a stopped run appended after its last checkpoint is gone.
     */
    static final class Journal implements Closeable {
        private final FileChannel channel;
        final DataOutputStream out;

        Journal(Path file, long keep) throws IOException {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            if (channel.size() < keep) {
                channel.close();
                throw new Unusable(file.getFileName() + " is shorter than its checkpoint says");
            }
            channel.truncate(keep);
            channel.position(keep);
            out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16));
        }

        /** Flushes and returns the length: what a checkpoint records. */
        long length() throws IOException {
            out.flush();
            return channel.position();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
