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
    void the_scale_row_is_kept_out_of_line_in_every_method_of_the_cpu_backend_and_its_nested_classes()
            throws Exception {
        new CpuBackend(1);
        assertThat(Arrays.stream(CpuBackend.class.getDeclaredMethods()).map(Method::getName))
                .contains("scaleRow");
        String directives = printedDirectives();
        int all = directives.indexOf("matching: ai/enclave/runtime/backend/CpuBackend*.*");
        assertThat(all).as(directives).isNotNegative();
        String c2 = directives.substring(directives.indexOf("c2 directives:", all));
        assertThat(c2.substring(0, c2.indexOf("\n\n") > 0 ? c2.indexOf("\n\n") : c2.length()))
                .contains("-ai/enclave/runtime/backend/CpuBackend.scaleRow");
        // the kernels kept from C1 match their own directive first, so it carries the rule as well
        int kernels = directives.indexOf("matching: ai/enclave/runtime/backend/CpuBackend.");
        assertThat(kernels).isBetween(0, all);
        assertThat(directives.substring(kernels, all))
                .contains("CpuBackend.softmaxRow", "-ai/enclave/runtime/backend/CpuBackend.scaleRow");
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
