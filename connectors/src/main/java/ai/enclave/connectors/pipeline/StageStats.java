package ai.enclave.connectors.pipeline;

import java.util.Map;
import java.util.TreeMap;

/** Documents into and out of one stage, why the others were dropped, and the stage's own tallies. */
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
}
