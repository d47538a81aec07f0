package ai.enclave.runtime.backend;

import ai.enclave.runtime.EngineException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * cblas_sgemm from the OpenBLAS that org.bytedeco:openblas ships, called through java.lang.foreign
 * so it reads and writes our off-heap segments in place. JavaCPP's Loader is used only to unpack
 * the native library from its jar (into ~/.javacpp/cache) and tell us where it is.
 */
final class OpenBlas {
    private static final int ROW_MAJOR = 101;
    private static final int NO_TRANS = 111;
    private static final int TRANS = 112;

    private final MethodHandle sgemm;
    private final MethodHandle setNumThreads;

    private static volatile OpenBlas instance;

    private OpenBlas(SymbolLookup lookup) {
        Linker linker = Linker.nativeLinker();
        ValueLayout.OfInt i = ValueLayout.JAVA_INT;
        ValueLayout.OfFloat f = ValueLayout.JAVA_FLOAT;
        java.lang.foreign.AddressLayout p = ValueLayout.ADDRESS;
        sgemm = linker.downcallHandle(
                lookup.find("cblas_sgemm").orElseThrow(),
                FunctionDescriptor.ofVoid(i, i, i, i, i, i, f, p, i, p, i, f, p, i));
        setNumThreads = linker.downcallHandle(
                lookup.find("openblas_set_num_threads").orElseThrow(), FunctionDescriptor.ofVoid(i));
    }

    static OpenBlas get() {
        OpenBlas local = instance;
        if (local == null) {
            synchronized (OpenBlas.class) {
                if (instance == null) instance = load();
                local = instance;
            }
        }
        return local;
    }

    private static OpenBlas load() {
        try {
            org.bytedeco.javacpp.Loader.load(org.bytedeco.openblas.global.openblas_nolapack.class);
            String path = null;
            for (var e : org.bytedeco.javacpp.Loader.getLoadedLibraries().entrySet()) {
                if (e.getKey().startsWith("openblas")) path = e.getValue();
            }
            if (path == null) throw new IllegalStateException("libopenblas was not unpacked");
            return new OpenBlas(SymbolLookup.libraryLookup(Path.of(path), Arena.global()));
        } catch (RuntimeException | LinkageError e) {
            throw new EngineException("OpenBLAS native library could not be loaded (" + e.getMessage()
                    + "); run with -Denclave.backend=naive to use the slow reference backend");
        }
    }

    void setThreads(int threads) {
        try {
            setNumThreads.invokeExact(threads);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    void sgemm(
            boolean transA,
            boolean transB,
            int m,
            int n,
            int k,
            float alpha,
            MemorySegment a,
            int lda,
            MemorySegment b,
            int ldb,
            float beta,
            MemorySegment c,
            int ldc) {
        try {
            sgemm.invokeExact(
                    ROW_MAJOR,
                    transA ? TRANS : NO_TRANS,
                    transB ? TRANS : NO_TRANS,
                    m,
                    n,
                    k,
                    alpha,
                    a,
                    lda,
                    b,
                    ldb,
                    beta,
                    c,
                    ldc);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
