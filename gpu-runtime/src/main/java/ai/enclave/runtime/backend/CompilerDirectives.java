package ai.enclave.runtime.backend;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * HotSpot compiler directives (JEP 165) added from inside the running JVM, through the diagnostic
 * command MBean that {@code jcmd PID Compiler.directives_add} also uses, so that every JVM running the
 * engine (the CLI, the portal, the tests) gets them without flags of its own.
 *
 * <p>Why: C1, the JIT's first tier, gives up on a method whose Vector API body is large ("out of
 * virtual registers in linear scan"), and when that happens to the on-stack-replacement compile of a
 * long loop after the method got a tier-2 compile, HotSpot leaves the method in tier-2 code for good: a
 * kernel that runs at 150 GFLOP/s once C2 has it then runs at 3. Kept away from C1, such a method goes
 * from the interpreter straight to C2.
 */
final class CompilerDirectives {
    private CompilerDirectives() {}

    /**
     * Keeps C1 from compiling the named methods of {@code owner}; true when the JVM took the directive.
     * False on a JVM without HotSpot's diagnostic commands, whose caller must then not depend on it.
     */
    static boolean keepFromC1(Class<?> owner, String... methods) {
        return compileApart(owner, methods, new String[0]);
    }

    /**
     * Keeps C1 from compiling the methods c1Excluded of {@code owner}, and keeps the methods outOfLine from
     * being inlined into any method of owner or of its nested classes (lambdas included): each is
     * compiled on its own. Why: C2 stops inlining calls once it has parsed about 18000 nodes of one
     * compilation ({@code NodeCountInliningCutoff}), and a Vector API call it then leaves out of line runs
     * the API's Java fallback, an allocation per vector. Which calls get cut depends on the profile, so a
     * loop at the end of a long Vector API method ran boxed in some processes only. A method kept out of
     * line takes no vectors as arguments, so the call costs a few nanoseconds and nothing is boxed.
     * True when the JVM took the directives.
     */
    static boolean compileApart(Class<?> owner, String[] c1Excluded, String[] outOfLine) {
        String prefix = owner.getName().replace('.', '/') + ".";
        String matches =
                Arrays.stream(c1Excluded).map(m -> "\"" + prefix + m + "\"").collect(Collectors.joining(", "));
        String inline =
                Arrays.stream(outOfLine).map(m -> "\"-" + prefix + m + "\"").collect(Collectors.joining(", "));
        // the first directive that matches a method is the one its compilation uses, so the excluded
        // methods carry the inlining rule too
        String directives = "[{match: [" + matches + "], c1: {Exclude: true}"
                + (outOfLine.length == 0 ? "" : ", inline: [" + inline + "]") + "}"
                + (outOfLine.length == 0
                        ? ""
                        : ", {match: \"" + prefix.replace(".", "*.*") + "\", inline: [" + inline + "]}")
                + "]";
        Path file = null;
        try {
            file = Files.createTempFile("enclave-directives", ".json");
            Files.writeString(file, directives);
            Object reply = ManagementFactory.getPlatformMBeanServer()
                    .invoke(
                            new ObjectName("com.sun.management:type=DiagnosticCommand"),
                            "compilerDirectivesAdd",
                            new Object[] {new String[] {file.toString()}},
                            new String[] {String[].class.getName()});
            return String.valueOf(reply).contains((outOfLine.length == 0 ? 1 : 2) + " compiler directives added");
        } catch (IOException | JMException | RuntimeException e) {
            return false;
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a few bytes in the temporary directory
                }
            }
        }
    }
}
