package ai.enclave.chat.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The title a new conversation gets from its first message. */
class ChatTitleTest {

    @Test
    void a_short_message_is_its_own_title() {
        assertThat(ChatTitle.of("What is our travel policy?")).isEqualTo("What is our travel policy?");
    }

    @Test
    void a_long_message_keeps_its_first_words_and_marks_the_cut() {
        assertThat(ChatTitle.of("Please summarise the onboarding handbook for new engineers joining in March"))
                .isEqualTo("Please summarise the onboarding handbook for new engineers…");
    }

    @Test
    void line_breaks_and_runs_of_spaces_become_single_spaces() {
        assertThat(ChatTitle.of("  Four score\n\nand   seven\tyears ago ")).isEqualTo("Four score and seven years ago");
    }

    @Test
    void the_title_never_exceeds_its_length_even_for_long_words() {
        String longWords = "Supercalifragilisticexpialidocious antidisestablishmentarianism "
                + "pneumonoultramicroscopicsilicovolcanoconiosis";
        assertThat(ChatTitle.of(longWords))
                .hasSizeLessThanOrEqualTo(ChatTitle.MAX_CHARS + 1)
                .endsWith("…");
        assertThat(ChatTitle.of("x".repeat(500))).hasSize(ChatTitle.MAX_CHARS).endsWith("…");
    }

    @Test
    void a_blank_message_gives_a_neutral_title() {
        assertThat(ChatTitle.of("   ")).isEqualTo(ChatTitle.UNTITLED);
        assertThat(ChatTitle.of(null)).isEqualTo(ChatTitle.UNTITLED);
    }
}
