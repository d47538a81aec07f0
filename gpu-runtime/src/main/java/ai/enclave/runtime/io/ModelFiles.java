package ai.enclave.runtime.io;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import ai.enclave.runtime.EngineException;
import ai.enclave.runtime.model.ModelConfig;
import ai.enclave.runtime.model.ParameterTensors;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model directory in the Hugging Face layout: config.json plus model.safetensors (or shards named
 * by model.safetensors.index.json). Loads into and saves from {@link ParameterTensors}.
 */
public final class ModelFiles {
    public static final String CONFIG = "config.json";
    public static final String WEIGHTS = "model.safetensors";
    public static final String INDEX = "model.safetensors.index.json";

    private ModelFiles() {}

    public static ModelConfig readConfig(Path dir) {
        Path file = dir.resolve(CONFIG);
        if (!Files.isRegularFile(file))
            throw new EngineException(file + ": not found (a model directory needs config.json)");
        return ModelConfig.load(file);
    }

    public static boolean hasWeights(Path dir) {
        return Files.isRegularFile(dir.resolve(WEIGHTS)) || Files.isRegularFile(dir.resolve(INDEX));
    }

    /** Fills params from the directory's safetensors, checking every expected tensor and shape. */
    public static void loadWeights(Path dir, ParameterTensors params) {
        Map<String, Path> fileOf = weightFiles(dir);
        Map<Path, SafeTensors> open = new HashMap<>();
        try (Arena scratch = Arena.ofConfined()) {
            for (HfLayout.Mapping m : HfLayout.of(params.config)) {
                Path file = fileOf.getOrDefault(
                        m.hfName(), fileOf.values().iterator().next());
                SafeTensors st = open.computeIfAbsent(file, SafeTensors::open);
                SafeTensors.Entry e = st.entries().get(m.hfName());
                if (e == null) {
                    throw new EngineException(file + ": missing tensor '" + m.hfName() + "' that " + dir.resolve(CONFIG)
                            + " implies for a " + params.config.family().modelType + " model");
                }
                if (!Arrays.equals(e.shape(), m.hfShape())) {
                    throw new EngineException(
                            file + ": tensor '" + m.hfName() + "' has shape " + Arrays.toString(e.shape()) + " but "
                                    + dir.resolve(CONFIG) + " implies " + Arrays.toString(m.hfShape()));
                }
                MemorySegment target = params.memory.asSlice(
                        (params.tensor(m.internal()).offset() + m.offset()) * 4, m.elements() * 4);
                if (!m.transposed()) {
                    st.readFloats(m.hfName(), target);
                } else {
                    MemorySegment tmp = scratch.allocate(m.elements() * 4, 64);
                    st.readFloats(m.hfName(), tmp);
                    transpose(target, tmp, m.cols(), m.rows());
                }
            }
        } finally {
            open.values().forEach(SafeTensors::close);
        }
    }

    private static Map<String, Path> weightFiles(Path dir) {
        Map<String, Path> map = new LinkedHashMap<>();
        Path index = dir.resolve(INDEX);
        if (Files.isRegularFile(index)) {
            try {
                JsonNode wm = new ObjectMapper().readTree(index.toFile()).path("weight_map");
                wm.fields()
                        .forEachRemaining(e ->
                                map.put(e.getKey(), dir.resolve(e.getValue().asText())));
            } catch (IOException e) {
                throw new EngineException(index + ": cannot read (" + e.getMessage() + ")");
            }
            if (map.isEmpty()) throw new EngineException(index + ": weight_map is empty");
        } else {
            Path single = dir.resolve(WEIGHTS);
            if (!Files.isRegularFile(single)) throw new EngineException(single + ": not found");
            map.put("", single);
        }
        return map;
    }

    /** dst(cols, rows) = src(rows, cols)^T. */
    static void transpose(MemorySegment dst, MemorySegment src, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                dst.setAtIndex(JAVA_FLOAT, (long) c * rows + r, src.getAtIndex(JAVA_FLOAT, (long) r * cols + c));
            }
        }
    }

    /** The tensor with Hugging Face name hfName, in the Hugging Face shape, copied out of params. */
    public static float[] hfTensor(ParameterTensors params, String hfName) {
        for (HfLayout.Mapping m : HfLayout.of(params.config)) {
            if (!m.hfName().equals(hfName)) continue;
            MemorySegment src =
                    params.memory.asSlice((params.tensor(m.internal()).offset() + m.offset()) * 4, m.elements() * 4);
            float[] out = src.toArray(JAVA_FLOAT);
            if (!m.transposed()) return out;
            float[] t = new float[out.length];
            for (int r = 0; r < m.rows(); r++)
                for (int c = 0; c < m.cols(); c++) t[c * m.rows() + r] = out[r * m.cols() + c];
            return t;
        }
        throw new EngineException(
                "no tensor named '" + hfName + "' in a " + params.config.family().modelType + " model");
    }

    /** Writes config.json and model.safetensors (F32) in the family's Hugging Face layout. */
    public static void save(Path dir, ParameterTensors params) throws IOException {
        params.requireTrainingLayout("saving");
        Files.createDirectories(dir);
        params.config.save(dir.resolve(CONFIG));
        List<HfLayout.Mapping> layout = HfLayout.of(params.config);
        try (Arena scratch = Arena.ofConfined()) {
            Map<String, SafeTensors.Output> out = new LinkedHashMap<>();
            for (HfLayout.Mapping m : layout) {
                MemorySegment src = params.memory.asSlice(
                        (params.tensor(m.internal()).offset() + m.offset()) * 4, m.elements() * 4);
                if (m.transposed()) {
                    MemorySegment tmp = scratch.allocate(m.elements() * 4, 64);
                    transpose(tmp, src, m.rows(), m.cols());
                    src = tmp;
                }
                out.put(m.hfName(), new SafeTensors.Output(m.hfShape(), src));
            }
            SafeTensors.write(dir.resolve(WEIGHTS), out, Map.of("format", "pt"));
        }
    }
}
