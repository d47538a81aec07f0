/*
 * What a feature that queues jobs does with their results: the data catalog fills in snapshot rows
 * from prepare jobs, training registers model versions from train jobs. JobOutcomes calls every
 * handler; the interface lets the jobs feature call them without depending on them (the features
 * depend on jobs, never the other way round).
 */
package ai.enclave.jobs.service;

public interface JobOutcomeHandler {

    /**
     * Records the outcome of each of this feature's jobs that succeeded and was not recorded yet.
     * Idempotent: a job already recorded is left alone, so calling it again changes nothing.
     *
     * @return how many outcomes were recorded by this call
     */
    int settleSucceededJobs();
}
