package ai.enclave.chat.ui;

import ai.enclave.chat.service.ServingClient;
import java.util.List;

/**
 * How the chat page samples replies: the one place to change them. The seed is left random (null)
 * so that asking again gives another answer; the OpenAI-compatible API lets callers fix one.
 */
final class ChatSampling {

    /** The longest reply; the worker also stops at the model's context. */
    static final int MAX_TOKENS = 256;

    static final double TEMPERATURE = 0.8;
    static final double TOP_P = 0.95;

    /** 0 turns top-k off; top-p already trims the tail. */
    static final int TOP_K = 0;

    static ServingClient.Options options() {
        return new ServingClient.Options(MAX_TOKENS, TEMPERATURE, TOP_P, TOP_K, null, List.of());
    }

    private ChatSampling() {}
}
