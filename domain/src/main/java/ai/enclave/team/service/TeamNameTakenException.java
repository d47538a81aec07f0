/*
 * Thrown when a new team would share its name (ignoring case) with an existing team; the UI shows the
 * message next to the name field.
 */
package ai.enclave.team.service;

public class TeamNameTakenException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TeamNameTakenException(String name) {
        super("a team named \"" + name + "\" already exists");
    }
}
