package ai.enclave.connectors.prepare;

import ai.enclave.runtime.train.TokenShard;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Token ids of one split ({@code train} or {@code val}) gathered into shard files of about
 * {@code shardTokens} tokens each, written with the engine's {@link TokenShard#write} so the trainer's
 * data loader reads them as they are. A document is never split across shards. Holds at most one
 * shard's tokens in memory.
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

    private void flush() throws IOException {
        String name = String.format("shard-%05d.bin", shards.size());
        TokenShard.write(dir.resolve(name), Arrays.copyOf(buffer, size), null, vocabSize);
        shards.add(new Shard(split + "/" + name, size));
        size = 0;
        if (buffer.length > (1 << 20)) buffer = new int[1 << 16];
    }
}
