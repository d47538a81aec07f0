/*
 * Thrown when a training run cannot be estimated or launched as asked (an empty snapshot, a model too
 * large for the memory, numbers out of range); the message says why in words the form can show.
 * Nothing has been written when it is thrown.
 */
package ai.enclave.training.service;

public class TrainingRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TrainingRefusedException(String message) {
        super(message);
    }
}
