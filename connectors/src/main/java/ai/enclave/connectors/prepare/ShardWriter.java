package ai.enclave.connectors.prepare;

import ai.enclave.runtime.train.TokenShard;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Token ids of one split ({@code train} or {@code val}) gathered into shard files of about
 * {@code shardTokens} tokens each, written with the engine's {@link TokenShard#write} so the trainer's
 * data loader reads them as they are. A document is never split across shards. Holds at most one
 * shard's tokens in memory. {@link #save} and {@link #restore} carry the files written and the open
 * shard's tokens through a run's checkpoint, so a resumed run writes the same shards.
 */
final class ShardWriter {
    /** One written file, relative to the snapshot directory. */
    record Shard(String file, long tokens) {}

    private final Path dir;
    private final String split;
    private final int vocabSize;
    private final long shardTokens;
    private final List<Shard> shards = new ArrayList<>();
    private int[] buffer = new int[1 << 16];
    private int size;
    private long documents;
    private long tokens;

    ShardWriter(Path snapshotDir, String split, int vocabSize, long shardTokens) throws IOException {
        this.dir = Files.createDirectories(snapshotDir.resolve(split));
        this.split = split;
        this.vocabSize = vocabSize;
        this.shardTokens = shardTokens;
    }

    void add(int[] ids) throws IOException {
        if (size > 0 && size + (long) ids.length > shardTokens) flush();
        if (size + ids.length > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + ids.length));
        }
        System.arraycopy(ids, 0, buffer, size, ids.length);
        size += ids.length;
        documents++;
        tokens += ids.length;
    }

    List<Shard> finish() throws IOException {
        if (size > 0) flush();
        return List.copyOf(shards);
    }

    long documents() {
        return documents;
    }

    long tokens() {
        return tokens;
    }

    /**
     * The shards written, the counts, and the tokens of the shard not written yet (up to a shard's worth,
     * the bulk of a checkpoint: two bytes a token when the vocabulary allows, as in the shard files).
     */
    void save(DataOutput out) throws IOException {
        out.writeInt(shards.size());
        for (Shard s : shards) {
            out.writeUTF(s.file());
            out.writeLong(s.tokens());
        }
        out.writeLong(documents);
        out.writeLong(tokens);
        out.writeInt(size);
        int width = tokenBytes();
        byte[] chunk = new byte[1 << 16];
        for (int i = 0; i < size; ) {
            int n = Math.min(size - i, chunk.length / width);
            ByteBuffer b = ByteBuffer.wrap(chunk);
            if (width == 2) for (int j = i; j < i + n; j++) b.putShort((short) buffer[j]);
            else b.asIntBuffer().put(buffer, i, n);
            out.write(chunk, 0, n * width);
            i += n;
        }
    }

    /**
     * Takes the state {@link #save} wrote; shard files written after it (by the run that stopped) are
     * removed. Fails when a shard it lists is missing.
     */
    void restore(DataInput in) throws IOException {
        shards.clear();
        for (int n = in.readInt(); n > 0; n--) shards.add(new Shard(in.readUTF(), in.readLong()));
        documents = in.readLong();
        tokens = in.readLong();
        size = in.readInt();
        buffer = new int[Math.max(1 << 16, size)];
        int width = tokenBytes();
        byte[] chunk = new byte[1 << 16];
        for (int i = 0; i < size; ) {
            int n = Math.min(size - i, chunk.length / width);
            in.readFully(chunk, 0, n * width);
            ByteBuffer b = ByteBuffer.wrap(chunk);
            if (width == 2) for (int j = i; j < i + n; j++) buffer[j] = Short.toUnsignedInt(b.getShort());
            else b.asIntBuffer().get(buffer, i, n);
            i += n;
        }
        for (Shard s : shards) RunDirectory.requireLength(dir.resolveSibling(s.file()), 1);
        for (int i = shards.size(); Files.exists(dir.resolve(shardName(i))); i++)
            Files.delete(dir.resolve(shardName(i)));
    }

    private int tokenBytes() {
        return vocabSize <= 1 << 16 ? 2 : 4;
    }

    private static String shardName(int index) {
        return String.format("shard-%05d.bin", index);
    }

    private void flush() throws IOException {
        String name = shardName(shards.size());
        TokenShard.write(dir.resolve(name), Arrays.copyOf(buffer, size), null, vocabSize);
        shards.add(new Shard(split + "/" + name, size));
        size = 0;
        if (buffer.length > (1 << 20)) buffer = new int[1 << 16];
    }
}
