/*
 * One kind of job: reads its spec, does the work, reports through the context. One implementation per
 * job kind (PrepareJob, TrainingJob, ServingJob); WorkerMain picks it and records the outcome.
 */
package ai.enclave.worker;

import com.fasterxml.jackson.databind.JsonNode;

interface JobRun {

    /** @throws Exception anything that makes the job fail; its message becomes the job's error */
    Outcome run(JsonNode spec, JobContext context) throws Exception;
}
