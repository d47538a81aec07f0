package ai.enclave.runtime.hardware;

import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetCount;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuDeviceTotalMem;
import static jcuda.driver.JCudaDriver.cuInit;

import jcuda.driver.CUdevice;
import jcuda.driver.JCudaDriver;

/**
 * Lists the CUDA devices through JCuda and prints one line per device ({@code gpu<TAB>name<TAB>bytes})
 * or one {@code none<TAB>reason} line. Meant to run in a child JVM ({@link HostHardware} starts it):
 * loading JCuda's native library fails, and a broken driver can crash the process, on hosts
 * without a working CUDA driver, and neither may take the caller down.
 */
public final class GpuProbe {

    static final String GPU = "gpu";
    static final String NONE = "none";

    public static void main(String[] args) {
        try {
            JCudaDriver.setExceptionsEnabled(true);
            cuInit(0);
            int[] count = new int[1];
            cuDeviceGetCount(count);
            if (count[0] == 0) {
                System.out.println(NONE + "\tthe CUDA driver reports no device");
                return;
            }
            for (int i = 0; i < count[0]; i++) {
                CUdevice device = new CUdevice();
                cuDeviceGet(device, i);
                byte[] name = new byte[256];
                cuDeviceGetName(name, name.length, device);
                long[] bytes = new long[1];
                cuDeviceTotalMem(bytes, device);
                System.out.println(GPU + "\t" + cString(name) + "\t" + bytes[0]);
            }
        } catch (UnsatisfiedLinkError e) {
            System.out.println(NONE + "\tno CUDA driver on this host (" + firstLine(e.getMessage()) + ")");
        } catch (RuntimeException e) {
            System.out.println(NONE + "\tCUDA driver error: " + firstLine(e.getMessage()));
        }
    }

    private static String cString(byte[] bytes) {
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, java.nio.charset.StandardCharsets.UTF_8).trim();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no detail";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private GpuProbe() {}
}
