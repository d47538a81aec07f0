package ai.enclave.runtime.io;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import ai.enclave.runtime.EngineException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes the safetensors format: an 8-byte little-endian header length, a JSON header
 * naming each tensor's dtype, shape and byte range, then the raw data. Reading memory-maps the
 * file, so a model larger than the Java heap loads; F32 and BF16 convert to fp32, other dtypes are
 * refused by name. Every check fails with one message naming the file and the problem. Writes F32.
 */
public final class SafeTensors implements AutoCloseable {
    private static final int MAX_HEADER = 100 << 20;

    /** One tensor of the header; begin and end are byte offsets into the data section. */
    public record Entry(String name, String dtype, long[] shape, long begin, long end) {
        public long elements() {
            long n = 1;
            for (long d : shape) n *= d;
            return n;
        }
    }

    private final Path file;
    private final Arena arena;
    private final MemorySegment data;
    private final Map<String, Entry> entries;

    private SafeTensors(Path file, Arena arena, MemorySegment data, Map<String, Entry> entries) {
        this.file = file;
        this.arena = arena;
        this.data = data;
        this.entries = entries;
    }

    public static SafeTensors open(Path file) {
        Arena arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) throw bad(file, "file is " + size + " bytes, too short for a header (truncated?)");
            MemorySegment all = ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            long headerLen = all.get(JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
            if (headerLen <= 0 || headerLen > MAX_HEADER || headerLen > size - 8) {
                throw bad(
                        file,
                        "header length " + headerLen + " does not fit in a file of " + size
                                + " bytes (truncated or not safetensors)");
            }
            byte[] headerBytes = all.asSlice(8, headerLen).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
            JsonNode header;
            try {
                header = new ObjectMapper().readTree(new String(headerBytes, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw bad(
                        file,
                        "header is not valid JSON ("
                                + e.getMessage().lines().findFirst().orElse("") + ")");
            }
            if (header == null || !header.isObject()) throw bad(file, "header is not a JSON object");
            MemorySegment data = all.asSlice(8 + headerLen);
            Map<String, Entry> entries = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
                var e = it.next();
                if (e.getKey().equals("__metadata__")) continue;
                Entry entry = parseEntry(file, e.getKey(), e.getValue());
                if (entry.end() > data.byteSize()) {
                    throw bad(
                            file,
                            "tensor '" + entry.name() + "' ends at byte " + entry.end() + " but the data section has "
                                    + data.byteSize() + " bytes (truncated file?)");
                }
                entries.put(entry.name(), entry);
            }
            return new SafeTensors(file, arena, data, entries);
        } catch (IOException e) {
            arena.close();
            throw new EngineException(file + ": cannot read (" + e.getMessage() + ")");
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    private static Entry parseEntry(Path file, String name, JsonNode n) {
        JsonNode offsets = n.path("data_offsets");
        JsonNode shapeNode = n.path("shape");
        String dtype = n.path("dtype").asText("");
        if (!offsets.isArray() || offsets.size() != 2 || !shapeNode.isArray())
            throw bad(file, "tensor '" + name + "' has a malformed header entry");
        long[] shape = new long[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) shape[i] = shapeNode.get(i).asLong(-1);
        Entry e = new Entry(
                name, dtype, shape, offsets.get(0).asLong(-1), offsets.get(1).asLong(-1));
        int width = switch (dtype) {
            case "F32" -> 4;
            case "BF16", "F16" -> 2;
            default -> 0;
        };
        if (e.begin() < 0 || e.end() < e.begin()) throw bad(file, "tensor '" + name + "' has invalid data offsets");
        if (width > 0 && (e.end() - e.begin()) != e.elements() * width) {
            throw bad(
                    file,
                    "tensor '" + name + "' of shape " + Arrays.toString(shape) + " and dtype " + dtype + " should take "
                            + e.elements() * width + " bytes but takes " + (e.end() - e.begin()));
        }
        return e;
    }

    private static EngineException bad(Path file, String problem) {
        return new EngineException(file + ": " + problem);
    }

    public Path file() {
        return file;
    }

    public Map<String, Entry> entries() {
        return entries;
    }

    /** Copies tensor name into dst as fp32 (count = its element count), converting BF16. */
    public void readFloats(String name, MemorySegment dst) {
        Entry e = entries.get(name);
        if (e == null) throw bad(file, "missing tensor '" + name + "'");
        MemorySegment src = data.asSlice(e.begin(), e.end() - e.begin());
        long n = e.elements();
        switch (e.dtype()) {
            case "F32" -> {
                if (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) MemorySegment.copy(src, 0, dst, 0, n * 4);
                else
                    for (long i = 0; i < n; i++)
                        dst.setAtIndex(
                                JAVA_FLOAT_UNALIGNED,
                                i,
                                src.getAtIndex(JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), i));
            }
            case "BF16" -> {
                var le = JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
                for (long i = 0; i < n; i++) {
                    int bits = (src.getAtIndex(le, i) & 0xFFFF) << 16;
                    dst.setAtIndex(JAVA_FLOAT_UNALIGNED, i, Float.intBitsToFloat(bits));
                }
            }
            default ->
                throw bad(file, "tensor '" + name + "' has dtype " + e.dtype() + "; only F32 and BF16 are supported");
        }
    }

    @Override
    public void close() {
        arena.close();
    }

    /** A tensor to write: its shape and the fp32 data (elements = product of shape). */
    public record Output(long[] shape, MemorySegment data) {}

    /** Writes tensors in the given order as F32, with the given metadata strings. */
    public static void write(Path file, Map<String, Output> tensors, Map<String, String> metadata) throws IOException {
        ObjectMapper om = new ObjectMapper();
        ObjectNode header = om.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (var e : tensors.entrySet()) {
            long bytes = 4;
            for (long d : e.getValue().shape()) bytes *= d;
            ObjectNode t = header.putObject(e.getKey());
            t.put("dtype", "F32");
            var shape = t.putArray("shape");
            for (long d : e.getValue().shape()) shape.add(d);
            t.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] json = om.writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8; // data starts 8-byte aligned, padding is spaces as the spec allows
        byte[] headerBytes = Arrays.copyOf(json, padded);
        Arrays.fill(headerBytes, json.length, padded, (byte) ' ');
        try (FileChannel ch = FileChannel.open(
                        file,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.WRITE);
                Arena arena = Arena.ofConfined()) {
            MemorySegment len = arena.allocate(8);
            len.set(JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0, padded);
            writeFully(ch, len.asByteBuffer());
            writeFully(ch, java.nio.ByteBuffer.wrap(headerBytes));
            for (Output o : tensors.values()) {
                long bytes = 4;
                for (long d : o.shape()) bytes *= d;
                for (long pos = 0; pos < bytes; pos += 1 << 26) {
                    writeFully(
                            ch,
                            o.data()
                                    .asSlice(pos, Math.min(1L << 26, bytes - pos))
                                    .asByteBuffer());
                }
            }
            ch.force(true);
        }
    }

    private static void writeFully(FileChannel ch, java.nio.ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) ch.write(buf);
    }
}
