/*
 * How a job run ended when it did not fail (failures are exceptions): succeeded with its result JSON,
 * or stopped because cancellation was asked (or this worker lost the job).
 */
package ai.enclave.worker;

import com.fasterxml.jackson.databind.node.ObjectNode;

public sealed interface Outcome {

    record Succeeded(ObjectNode result) implements Outcome {}

    record Cancelled() implements Outcome {}
}
