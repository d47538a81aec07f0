package ai.enclave.chat.ui;

import ai.enclave.chat.service.ServingClient;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How the chat page samples replies: the one place to change them. Each reply gets a fresh random
 * seed, so asking again gives another answer; the seed is kept with the reply, and the
 * OpenAI-compatible API given the same messages, these values and that seed returns the same reply.
 */
final class ChatSampling {

    /** The longest reply; the worker also stops at the model's context. */
    static final int MAX_TOKENS = 256;

    static final double TEMPERATURE = 0.8;
    static final double TOP_P = 0.95;

    /** 0 turns top-k off; top-p already trims the tail. */
    static final int TOP_K = 0;

    static ServingClient.Options options(long seed) {
        return new ServingClient.Options(MAX_TOKENS, TEMPERATURE, TOP_P, TOP_K, seed, List.of());
    }

    /** A seed for the next reply: below 2^31, so every client (JavaScript numbers too) can send it back. */
    static long newSeed() {
        return ThreadLocalRandom.current().nextLong(1L << 31);
    }

    private ChatSampling() {}
}
