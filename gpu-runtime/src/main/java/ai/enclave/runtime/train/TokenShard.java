package ai.enclave.runtime.train;

import ai.enclave.runtime.EngineException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One token shard file, memory-mapped. Format (little-endian), documented in the module README:
 * a 64-byte header {int32 magic 0x4B544E45 ("ENTK"), int32 version 1, int32 bytes per token (2 or 4),
 * int32 flags (bit 0: a loss mask follows), int64 token count, int32 vocabulary size (0 = unknown),
 * zero padding}, then the token ids (uint16 or uint32), then when flagged one byte per token
 * (1 = train on predicting this token, 0 = context only, e.g. an instruction prompt).
 */
public final class TokenShard implements AutoCloseable {
    public static final int MAGIC = 0x4B544E45;
    public static final int HEADER_BYTES = 64;
    public static final int FLAG_LOSS_MASK = 1;

    public final Path file;
    public final long tokens;
    private final int width;
    private final boolean hasMask;
    private final Arena arena;
    private final MemorySegment data;

    public TokenShard(Path file) {
        this.file = file;
        this.arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < HEADER_BYTES)
                throw new EngineException(file + ": " + size + " bytes, too short for a token shard header");
            data = ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            var i32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
            if (data.get(i32, 0) != MAGIC) throw new EngineException(file + ": not a token shard (bad magic)");
            if (data.get(i32, 4) != 1)
                throw new EngineException(file + ": unsupported token shard version " + data.get(i32, 4));
            width = data.get(i32, 8);
            if (width != 2 && width != 4)
                throw new EngineException(file + ": bytes per token must be 2 or 4, got " + width);
            hasMask = (data.get(i32, 12) & FLAG_LOSS_MASK) != 0;
            tokens = data.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 16);
            long expected = HEADER_BYTES + tokens * width + (hasMask ? tokens : 0);
            if (tokens < 0 || size != expected) {
                throw new EngineException(file + ": header says " + tokens + " tokens (" + expected
                        + " bytes) but the file has " + size + " bytes");
            }
        } catch (IOException e) {
            arena.close();
            throw new EngineException(file + ": cannot read (" + e.getMessage() + ")");
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    public int token(long i) {
        long off = HEADER_BYTES + i * width;
        return width == 2
                ? data.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), off) & 0xFFFF
                : data.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), off);
    }

    /** Whether predicting token i counts in the loss. */
    public boolean trained(long i) {
        return !hasMask || data.get(ValueLayout.JAVA_BYTE, HEADER_BYTES + tokens * width + i) != 0;
    }

    @Override
    public void close() {
        arena.close();
    }

    /** Writes a shard (used by tests and the bench; the data pipeline writes the same format). */
    public static void write(Path file, int[] ids, boolean[] lossMask, int vocabSize) throws IOException {
        int width = vocabSize > 0 && vocabSize <= 65536 ? 2 : 4;
        ByteBuffer buf = ByteBuffer.allocate(HEADER_BYTES + ids.length * width + (lossMask == null ? 0 : ids.length))
                .order(ByteOrder.LITTLE_ENDIAN);
        buf.putInt(MAGIC)
                .putInt(1)
                .putInt(width)
                .putInt(lossMask == null ? 0 : FLAG_LOSS_MASK)
                .putLong(ids.length)
                .putInt(vocabSize);
        buf.position(HEADER_BYTES);
        for (int id : ids) {
            if (width == 2) buf.putShort((short) id);
            else buf.putInt(id);
        }
        if (lossMask != null) for (boolean m : lossMask) buf.put((byte) (m ? 1 : 0));
        buf.flip();
        try (FileChannel ch = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            while (buf.hasRemaining()) ch.write(buf);
        }
    }
}
