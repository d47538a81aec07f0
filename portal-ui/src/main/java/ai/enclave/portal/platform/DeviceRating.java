package ai.enclave.portal.platform;

import ai.enclave.runtime.hardware.HostHardware;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * What one training device on this host can do, for the estimates shown before a run is launched:
 * sustained floating-point operations per second and the memory a run may fill. These are nominal
 * figures, not measurements, and {@link #basis} says how each was reached so the page can show it.
 *
 * <p>CPU: cores x clock x 16 fp32 FLOP per cycle (two 256-bit fused multiply-adds) x 0.3, the share
 * of peak a training step reaches in practice. GPU: its memory is known from the driver but not its
 * speed, so a nominal 10 TFLOP/s fp32 peak x 0.3 is used until runs are measured.
 */
public record DeviceRating(String device, double flopsPerSecond, long memoryBytes, String basis) {

    static final double CPU_FLOPS_PER_CYCLE = 16;
    static final double UTILISATION = 0.3;
    static final double NOMINAL_GPU_PEAK_FLOPS = 10e12;
    static final double FALLBACK_CPU_GHZ = 2.0;

    public DeviceRating {
        Objects.requireNonNull(device, "device is null");
        Objects.requireNonNull(basis, "basis is null");
    }

    /** The device a run on this host trains on: the first GPU when there is one, else the CPU. */
    public static DeviceRating of(HostHardware host, double cpuGhz) {
        if (!host.gpus().isEmpty()) {
            HostHardware.Gpu gpu = host.gpus().getFirst();
            return new DeviceRating(
                    gpu.name(),
                    NOMINAL_GPU_PEAK_FLOPS * UTILISATION,
                    gpu.memoryBytes(),
                    "nominal GPU figure: 10 TFLOP/s fp32 peak x 0.3 utilisation");
        }
        double flops = host.cpuCores() * cpuGhz * 1e9 * CPU_FLOPS_PER_CYCLE * UTILISATION;
        return new DeviceRating(
                host.cpuModel(),
                flops,
                host.memoryBytes(),
                String.format(
                        Locale.ROOT,
                        "nominal CPU figure: %d cores x %.2f GHz x 16 fp32 FLOP/cycle x 0.3 utilisation",
                        host.cpuCores(),
                        cpuGhz));
    }

    /**
     * The clock of this host's CPU: its maximum from cpufreq, else the current one from /proc/cpuinfo
     * (which an idle, power-saving CPU reports low), else 2 GHz.
     */
    public static double cpuGhz() {
        try {
            Path max = Path.of("/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq");
            if (Files.isReadable(max)) {
                return Long.parseLong(Files.readString(max).strip()) / 1e6; // kHz
            }
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("cpu MHz")) {
                    return Double.parseDouble(
                                    line.substring(line.indexOf(':') + 1).trim())
                            / 1000;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or a virtual CPU that hides its clock: the fallback is stated in the basis
        }
        return FALLBACK_CPU_GHZ;
    }
}
