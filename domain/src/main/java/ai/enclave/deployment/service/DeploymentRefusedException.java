/*
 * Thrown when a model version cannot be deployed as asked (its files are gone, the name is taken by a
 * running deployment); the message says why in words the page can show. Nothing has been written
 * when it is thrown.
 */
package ai.enclave.deployment.service;

public class DeploymentRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DeploymentRefusedException(String message) {
        super(message);
    }
}
