package ai.enclave.connectors.pipeline;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Documents into and out of one stage, why the others were dropped, and the stage's own tallies. Saved
 * in a run's checkpoints ({@link #write}, {@link #read}) so a resumed run counts on from where it stopped.
 */
public final class StageStats {
    public final String stage;
    public long in;
    public long out;
    public final Map<String, Long> dropped = new TreeMap<>();
    public final Map<String, Long> counts = new TreeMap<>();

    public StageStats(String stage) {
        this.stage = stage;
    }

    public void record(Verdict v) {
        in++;
        if (v.kept()) out++;
        else dropped.merge(v.reason(), 1L, Long::sum);
        v.counts().forEach((k, n) -> counts.merge(k, (long) n, Long::sum));
    }

    public void write(DataOutput out) throws IOException {
        out.writeUTF(stage);
        out.writeLong(in);
        out.writeLong(this.out);
        writeCounts(out, dropped);
        writeCounts(out, counts);
    }

    public static StageStats read(DataInput in) throws IOException {
        StageStats s = new StageStats(in.readUTF());
        s.in = in.readLong();
        s.out = in.readLong();
        readCounts(in, s.dropped);
        readCounts(in, s.counts);
        return s;
    }

    private static void writeCounts(DataOutput out, Map<String, Long> counts) throws IOException {
        out.writeInt(counts.size());
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeLong(e.getValue());
        }
    }

    private static void readCounts(DataInput in, Map<String, Long> into) throws IOException {
        for (int n = in.readInt(); n > 0; n--) into.put(in.readUTF(), in.readLong());
    }
}
