package ai.enclave.portal.platform;

import static org.assertj.core.api.Assertions.assertThat;

import ai.enclave.runtime.hardware.HostHardware;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceRatingTest {

    @Test
    void a_cpu_host_is_rated_at_cores_times_clock_times_16_flops_per_cycle_at_30_percent() {
        HostHardware host = new HostHardware("Test CPU", 8, 32L << 30, List.of(), "no driver");

        DeviceRating rating = DeviceRating.of(host, 2.5);

        assertThat(rating.flopsPerSecond()).isEqualTo(8 * 2.5e9 * 16 * 0.3);
        assertThat(rating.memoryBytes()).isEqualTo(32L << 30);
        assertThat(rating.device()).isEqualTo("Test CPU");
        assertThat(rating.basis()).contains("8 cores x 2.50 GHz x 16 fp32 FLOP/cycle x 0.3");
    }

    @Test
    void a_gpu_host_trains_on_its_first_gpu_and_its_memory() {
        HostHardware host = new HostHardware(
                "Test CPU",
                8,
                32L << 30,
                List.of(new HostHardware.Gpu("Test GPU", 24L << 30), new HostHardware.Gpu("Other", 8L << 30)),
                null);

        DeviceRating rating = DeviceRating.of(host, 2.5);

        assertThat(rating.device()).isEqualTo("Test GPU");
        assertThat(rating.memoryBytes()).isEqualTo(24L << 30);
        assertThat(rating.flopsPerSecond()).isEqualTo(10e12 * 0.3);
        assertThat(rating.basis()).startsWith("nominal GPU figure");
    }
}
