package ai.enclave.runtime.hardware;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The compute this host offers: CPU model and cores, memory, and the GPUs the CUDA driver reports.
 * The GPU part runs {@link GpuProbe} in a child JVM so a missing or broken driver only costs a line
 * of explanation ({@link #gpuNote}), never the caller's process.
 */
public record HostHardware(String cpuModel, int cpuCores, long memoryBytes, List<Gpu> gpus, String gpuNote) {

    public record Gpu(String name, long memoryBytes) {}

    private static final long PROBE_TIMEOUT_SECONDS = 30;

    public HostHardware {
        gpus = List.copyOf(gpus);
    }

    /**
     * Probes this host. {@code classpath} must hold this library and JCuda (the caller's own
     * classpath in a plain JVM; the web application's libraries inside an application server).
     */
    public static HostHardware probe(String classpath) {
        List<Gpu> gpus = new ArrayList<>();
        String note = probeGpus(classpath, gpus);
        return new HostHardware(
                readCpuModel(), Runtime.getRuntime().availableProcessors(), readMemoryBytes(), gpus, note);
    }

    /** Which backend model code will run on, in the words the dashboard shows. */
    public String backendSummary() {
        return gpus.isEmpty()
                ? "no GPU: the CPU backend will be used"
                : gpus.size() + " GPU(s): the CUDA backend will be used";
    }

    private static String probeGpus(String classpath, List<Gpu> gpus) {
        String java = ProcessHandle.current().info().command().orElse("java");
        // JCuda loads its native library through System.loadLibrary, which JDK 25 lets through with a
        // warning on the probe's output and a later JDK will refuse unless native access is granted
        ProcessBuilder builder = new ProcessBuilder(
                java, "--enable-native-access=ALL-UNNAMED", "-cp", classpath, GpuProbe.class.getName());
        builder.redirectErrorStream(true);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(PROBE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "GPU probe did not answer within " + PROBE_TIMEOUT_SECONDS + " s";
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return parse(output, process.exitValue(), gpus);
        } catch (IOException e) {
            return "GPU probe could not start: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "GPU probe interrupted";
        }
    }

    static String parse(String output, int exitCode, List<Gpu> gpus) {
        String note = null;
        for (String line : output.lines().toList()) {
            String[] fields = line.split("\t");
            if (fields.length == 3 && fields[0].equals(GpuProbe.GPU)) {
                gpus.add(new Gpu(fields[1], Long.parseLong(fields[2])));
            } else if (fields.length == 2 && fields[0].equals(GpuProbe.NONE)) {
                note = fields[1];
            }
        }
        if (gpus.isEmpty() && note == null) {
            return "GPU probe failed (exit code " + exitCode + ")";
        }
        return note;
    }

    private static String readCpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or /proc hidden: the architecture is still worth showing
        }
        return System.getProperty("os.arch");
    }

    private static long readMemoryBytes() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean extended) {
            return extended.getTotalMemorySize();
        }
        return Runtime.getRuntime().maxMemory();
    }
}
