package ai.enclave.portal.platform;

import ai.enclave.jobs.domain.Job;
import ai.enclave.jobs.service.JobOutcomes;
import ai.enclave.jobs.service.Jobs;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the job queue moving: every 2 seconds it starts a worker process for each job a worker could
 * claim (queued, or running under a lease that ran out because its worker died), then lets
 * {@link JobOutcomes} turn finished jobs into snapshots and model versions.
 *
 * <p>Everything it knows comes from the database, so after a portal restart it simply carries on; a
 * worker it started earlier keeps running (see {@link WorkerLauncher}). While the database is down
 * it logs one line and tries again at the next tick. Each service call runs in a transaction of its
 * own, so a failed settle never undoes a launch.
 *
 * <p>It ticks on the server's managed scheduler, not an EJB timer: in a smoke test with the database
 * down, Payara expunged an EJB timer of this class after two deliveries, which would have stopped
 * the queue for good.
 */
@ApplicationScoped
public class WorkerSupervisor {

    private static final Logger LOG = Logger.getLogger(WorkerSupervisor.class.getName());
    static final long PERIOD_SECONDS = 2;

    @Inject
    PortalSettings settings;

    @Inject
    Jobs jobs;

    @Inject
    JobOutcomes outcomes;

    @Inject
    Clock clock;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private WorkerLauncher launcher;
    private ScheduledFuture<?> ticking;
    private String lastProblem;

    void start(@Observes @Initialized(ApplicationScoped.class) ServletContext context) {
        launcher = new WorkerLauncher(new WorkerLauncher.Settings(
                settings.getWorkerJava(),
                settings.getWorkerClasspath(),
                Path.of(settings.getLogsDir()),
                settings.getArtifactsDir(),
                settings.getDbUrl(),
                settings.getDbUser(),
                settings.getDbPassword(),
                settings.getSecretsKeyFile()));
        ticking = scheduler.scheduleWithFixedDelay(this::tick, PERIOD_SECONDS, PERIOD_SECONDS, TimeUnit.SECONDS);
        LOG.info("worker supervisor started; worker logs go to " + settings.getLogsDir());
    }

    @PreDestroy
    void stop() {
        if (ticking != null) {
            ticking.cancel(false);
        }
    }

    // A scheduled task that throws is never run again, so every failure ends here.
    private void tick() {
        try {
            for (Job job : jobs.claimable()) {
                launch(job);
            }
            outcomes.settle();
            lastProblem = null;
        } catch (RuntimeException e) {
            report(e);
        }
    }

    private void launch(Job job) {
        try {
            if (launcher.launchIfDue(job.getId(), clock.instant())) {
                LOG.info("started a worker for " + job + ", log: " + launcher.logFile(job.getId()));
            }
        } catch (IOException e) {
            report(new IllegalStateException("cannot start a worker for " + job + ": " + e.getMessage(), e));
        }
    }

    // A lasting problem (database down, java binary missing) would otherwise fill the log every 2 s.
    private void report(RuntimeException e) {
        boolean outage = DatabaseStatus.isOutage(e);
        String problem = outage ? "database unavailable" : String.valueOf(e.getMessage());
        if (problem.equals(lastProblem)) {
            return;
        }
        lastProblem = problem;
        if (outage) {
            LOG.warning("worker supervisor: database unavailable; retrying every 2 s");
        } else {
            LOG.log(Level.WARNING, "worker supervisor: " + problem, e);
        }
    }
}
