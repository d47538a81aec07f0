/*
 * Turns succeeded jobs into what they were for: a prepare job's result fills in its snapshot row, a
 * train job's result registers a model version and links it to its run. The worker only writes the
 * job row (it knows nothing of these tables); the portal calls settle() whenever it looks at jobs, so
 * it must be cheap and idempotent. Each feature does its own part through a JobOutcomeHandler.
 */
package ai.enclave.jobs.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Objects;

@ApplicationScoped
@Transactional
public class JobOutcomes {

    private Iterable<? extends JobOutcomeHandler> handlers;

    /** For CDI's client proxy only. */
    protected JobOutcomes() {}

    /** For CDI: every handler bean (the data catalog, training runs). */
    @Inject
    public JobOutcomes(@Any Instance<JobOutcomeHandler> handlers) {
        this.handlers = handlers;
    }

    /** For use outside a container (tests, tools): the handlers share the caller's transaction. */
    public JobOutcomes(List<? extends JobOutcomeHandler> handlers) {
        this.handlers = List.copyOf(Objects.requireNonNull(handlers, "handlers is null"));
    }

    /** Records every succeeded job's outcome not recorded yet; calling it again changes nothing. */
    public void settle() {
        for (JobOutcomeHandler handler : handlers) {
            handler.settleSucceededJobs();
        }
    }
}
