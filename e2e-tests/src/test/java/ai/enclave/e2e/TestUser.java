package ai.enclave.e2e;

/** The users of src/test/resources/test-users.json, which the stack imports into its realm. */
public enum TestUser {
    ALICE_ADMIN("alice-admin", "alice-test-password"),
    BOB_EMPLOYEE("bob-employee", "bob-test-password"),
    DANA_STEWARD("dana-steward", "dana-test-password"),
    MEL_ENGINEER("mel-engineer", "mel-test-password");

    public final String username;
    public final String password;

    TestUser(String username, String password) {
        this.username = username;
        this.password = password;
    }
}
