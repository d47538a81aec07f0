package ai.enclave.runtime.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostHardwareTest {

    @Test
    void probe_reports_this_hosts_cpu_and_memory_and_explains_the_gpu_outcome() {
        HostHardware host = HostHardware.probe(System.getProperty("java.class.path"));

        assertThat(host.cpuCores()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(host.memoryBytes()).isGreaterThan(0);
        assertThat(host.cpuModel()).isNotBlank();
        if (host.gpus().isEmpty()) {
            assertThat(host.gpuNote()).isNotBlank();
            assertThat(host.backendSummary()).isEqualTo("no GPU: the CPU backend will be used");
        } else {
            assertThat(host.gpus())
                    .allSatisfy(gpu -> assertThat(gpu.memoryBytes()).isPositive());
        }
    }

    @Test
    void a_probe_that_crashed_without_output_is_reported_with_its_exit_code() {
        List<HostHardware.Gpu> gpus = new ArrayList<>();

        String note = HostHardware.parse("", 134, gpus);

        assertThat(gpus).isEmpty();
        assertThat(note).isEqualTo("GPU probe failed (exit code 134)");
    }

    @Test
    void probe_lines_become_devices_and_other_lines_are_skipped() {
        List<HostHardware.Gpu> gpus = new ArrayList<>();
        // GpuProbe's output on an H200 host (driver 580.159.04, 2026-11-29), run without native access
        // granted, so with the JVM's warning before it
        String output = """
                WARNING: A restricted method in java.lang.System has been called
                WARNING: java.lang.System::loadLibrary has been called by jcuda.LibUtils in an unnamed module
                WARNING: Use --enable-native-access=ALL-UNNAMED to avoid a warning for callers in this module
                WARNING: Restricted methods will be blocked in a future release unless native access is enabled

                gpu\tNVIDIA H200\t150109880320
                """;

        String note = HostHardware.parse(output, 0, gpus);

        assertThat(note).isNull();
        assertThat(gpus).containsExactly(new HostHardware.Gpu("NVIDIA H200", 150_109_880_320L));
    }
}
