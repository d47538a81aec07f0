package ai.enclave.runtime.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.util.Arrays;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** The directive that keeps C1 off the big Vector API kernels reaches the JIT of this JVM. */
class CompilerDirectivesTest {

    @Test
    void loading_the_cpu_backend_keeps_c1_off_the_eight_row_kernel_and_the_softmax_row() throws Exception {
        new CpuBackend(1);
        // the directive names the kernels by strings: a renamed kernel would leave it matching nothing
        assertThat(Arrays.stream(CpuBackend.class.getDeclaredMethods()).map(Method::getName))
                .contains("eightRowsTimesPanel", "softmaxRow");
        String directives = printedDirectives();
        int ours = directives.indexOf("matching: ai/enclave/runtime/backend/CpuBackend.");
        assertThat(directives.substring(ours, directives.indexOf('\n', ours)))
                .contains("CpuBackend.eightRowsTimesPanel", "CpuBackend.softmaxRow");
        assertThat(ours).as(directives).isNotNegative();
        String c1 = directives.substring(
                directives.indexOf("c1 directives:", ours), directives.indexOf("c2 directives:", ours));
        assertThat(c1).contains("Exclude:true");
    }

    @Test
    void further_methods_are_kept_from_c1_and_listed() throws Exception {
        assertThat(CompilerDirectives.keepFromC1(CompilerDirectivesTest.class, "someKernel", "otherKernel"))
                .isTrue();
        assertThat(printedDirectives())
                .contains("matching: ai/enclave/runtime/backend/CompilerDirectivesTest.otherKernel, "
                        + "ai/enclave/runtime/backend/CompilerDirectivesTest.someKernel");
    }

    private static String printedDirectives() throws Exception {
        return (String) ManagementFactory.getPlatformMBeanServer()
                .invoke(
                        new ObjectName("com.sun.management:type=DiagnosticCommand"),
                        "compilerDirectivesPrint",
                        new Object[] {null},
                        new String[] {String[].class.getName()});
    }
}
