package ai.enclave.api.openai;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How the API key is read out of the Authorization header. */
class BearerKeyTest {

    @Test
    void reads_the_key_after_the_bearer_scheme() {
        assertThat(BearerKey.from("Bearer ek-abc123")).contains("ek-abc123");
    }

    @Test
    void the_scheme_name_is_case_insensitive_and_spaces_around_are_ignored() {
        assertThat(BearerKey.from("bearer ek-abc123")).contains("ek-abc123");
        assertThat(BearerKey.from("  BEARER   ek-abc123  ")).contains("ek-abc123");
    }

    @Test
    void the_key_itself_is_taken_as_sent() {
        assertThat(BearerKey.from("Bearer EK-AbC")).contains("EK-AbC");
    }

    @Test
    void no_header_another_scheme_or_no_key_gives_nothing() {
        assertThat(BearerKey.from(null)).isEmpty();
        assertThat(BearerKey.from("")).isEmpty();
        assertThat(BearerKey.from("Bearer")).isEmpty();
        assertThat(BearerKey.from("Bearer    ")).isEmpty();
        assertThat(BearerKey.from("Basic dXNlcjpwYXNz")).isEmpty();
        assertThat(BearerKey.from("ek-abc123")).isEmpty();
        assertThat(BearerKey.from("Bearer ek-abc 123")).isEmpty();
    }
}
