/*
 * Thrown when a data mix that a training run reads is to be deleted: the run keeps pointing at the
 * data it read. The message names the runs, for the person who asked; the UI shows it as it is.
 */
package ai.enclave.data.service;

import java.util.List;

public class MixInUseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param runs the runs for people, e.g. {@code "tiny" (#3)} */
    public MixInUseException(String mixName, List<String> runs) {
        super("the data mix \"" + mixName + "\" cannot be deleted: "
                + (runs.size() == 1 ? "the training run " : "the training runs ")
                + String.join(", ", runs) + (runs.size() == 1 ? " reads" : " read")
                + " it, and a run keeps pointing at the data it read");
    }
}
