package ai.enclave.runtime.backend;

import ai.enclave.runtime.EngineException;
import java.util.logging.Logger;

/**
 * Picks the backend at run time. Today that is the CPU backend (OpenBLAS + Vector API); the CUDA
 * backend slots in here, tried first, without the core ever needing JCuda on its class path. The
 * system property {@code enclave.backend} (cpu | naive) forces one; the choice and the reason are
 * logged.
 */
public final class Backends {
    private static final Logger LOG = Logger.getLogger(Backends.class.getName());

    private Backends() {}

    /** The best available backend with the given number of threads (0 = all cores). */
    public static Backend create(int threads) {
        int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        String forced = System.getProperty("enclave.backend", "").trim();
        Backend backend = switch (forced) {
            case "", "cpu" -> new CpuBackend(n);
            case "naive" -> new NaiveBackend();
            default ->
                throw new EngineException("unknown backend '" + forced + "' in -Denclave.backend (use cpu or naive)");
        };
        LOG.fine(() -> "backend " + backend.name() + " with " + backend.threads() + " threads"
                + (forced.isEmpty() ? " (no GPU backend in this build)" : " (forced by -Denclave.backend)"));
        return backend;
    }
}
