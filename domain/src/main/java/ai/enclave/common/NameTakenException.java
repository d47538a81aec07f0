/*
 * Thrown when a new named thing (a data source, a deployment) would share its name, ignoring case,
 * with one that exists; the UI shows the message next to the name field. Teams keep their own
 * TeamNameTakenException, which predates this one.
 */
package ai.enclave.common;

public class NameTakenException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param what what carries the name, e.g. "data source" */
    public NameTakenException(String what, String name) {
        super("a " + what + " named \"" + name + "\" already exists");
    }
}
