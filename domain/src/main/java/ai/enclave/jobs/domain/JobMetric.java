/*
 * One value a job recorded at one step (train loss, eval loss, learning rate, tokens/s, grad norm):
 * a row of job_metrics, read by the portal for its charts.
 */
package ai.enclave.jobs.domain;

public record JobMetric(String name, int step, double value) {}
