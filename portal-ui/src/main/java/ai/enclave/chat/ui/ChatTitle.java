package ai.enclave.chat.ui;

import java.util.ArrayList;
import java.util.List;

/**
 * The title a new conversation gets in the history sidebar: the first words of its first message,
 * so people find a chat again by what they asked. Not a summary (no model call): cheap and
 * predictable.
 */
final class ChatTitle {

    static final int MAX_WORDS = 8;
    static final int MAX_CHARS = 60;
    static final String UNTITLED = "New chat";

    /** At most {@link #MAX_WORDS} words and {@link #MAX_CHARS} characters; "…" marks a cut. */
    static String of(String firstMessage) {
        if (firstMessage == null || firstMessage.isBlank()) {
            return UNTITLED;
        }
        String[] words = firstMessage.strip().split("\\s+");
        List<String> kept = new ArrayList<>();
        int length = 0;
        for (String word : words) {
            int grown = length + (kept.isEmpty() ? 0 : 1) + word.length();
            if (kept.size() == MAX_WORDS || grown > MAX_CHARS) {
                break;
            }
            kept.add(word);
            length = grown;
        }
        if (kept.isEmpty()) {
            // One word longer than the whole title: cut inside it.
            return words[0].substring(0, MAX_CHARS - 1) + "…";
        }
        String title = String.join(" ", kept);
        return kept.size() < words.length ? title + "…" : title;
    }

    private ChatTitle() {}
}
