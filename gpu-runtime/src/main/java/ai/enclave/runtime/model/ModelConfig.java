package ai.enclave.runtime.model;

import ai.enclave.runtime.EngineException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The shape of one decoder-only transformer, read from and written to a Hugging Face style
 * config.json (the keys GPT2LMHeadModel, LlamaForCausalLM and MptForCausalLM use). The family fixes
 * the layer kinds; the numbers fix the sizes. Not the weights, not training settings.
 */
public record ModelConfig(
        Family family,
        int vocabSize, // V, e.g. 8192
        int channels, // C, e.g. 384
        int layers, // L, e.g. 6
        int heads, // NH, e.g. 6
        int kvHeads, // NKV, e.g. 2 (= NH without grouped-query attention)
        int ffnHidden, // F, e.g. 1536
        int maxSeqLen, // maxT, e.g. 1024 (learned positions for GPT-2; a default context otherwise)
        float normEps, // e.g. 1e-5
        float ropeTheta, // e.g. 10000 (Llama only)
        float alibiBiasMax, // e.g. 8 (MPT only)
        boolean tiedEmbeddings) {

    /** The three layer recipes. */
    public enum Family {
        /** learned positions, LayerNorm with bias, tanh GELU, biases everywhere, tied head. */
        GPT2("gpt2", "GPT2LMHeadModel"),
        /** RoPE, RMSNorm, SwiGLU, grouped-query attention, no biases. */
        LLAMA("llama", "LlamaForCausalLM"),
        /** ALiBi, no position embeddings, LayerNorm without bias, erf GELU, tied head. */
        MPT("mpt", "MptForCausalLM");

        public final String modelType;
        public final String architecture;

        Family(String modelType, String architecture) {
            this.modelType = modelType;
            this.architecture = architecture;
        }
    }

    public ModelConfig {
        if (channels % heads != 0)
            throw new EngineException("hidden size " + channels + " is not divisible by " + heads + " heads");
        if (heads % kvHeads != 0)
            throw new EngineException(heads + " attention heads are not divisible by " + kvHeads + " key/value heads");
        if (family == Family.LLAMA && (channels / heads) % 2 != 0)
            throw new EngineException("RoPE needs an even head size, got " + channels / heads);
    }

    public int headSize() {
        return channels / heads;
    }

    /** Width of the fused q|k|v projection output: (NH + 2*NKV) * hs. */
    public int qkvChannels() {
        return (heads + 2 * kvHeads) * headSize();
    }

    /** Width of the first MLP matrix output: 2F for SwiGLU (gate | up), F otherwise. */
    public int fcChannels() {
        return family == Family.LLAMA ? 2 * ffnHidden : ffnHidden;
    }

    public boolean hasBiases() {
        return family == Family.GPT2;
    }

    public boolean hasPositionEmbeddings() {
        return family == Family.GPT2;
    }

    /** ALiBi slopes per head as Hugging Face's build_mpt_alibi_tensor makes them; null without ALiBi. */
    public float[] alibiSlopes() {
        if (family != Family.MPT) return null;
        int pow2 = Integer.highestOneBit(heads) == heads ? heads : Integer.highestOneBit(heads) * 2;
        float[] base = new float[pow2];
        for (int i = 0; i < pow2; i++) base[i] = (float) (1.0 / Math.pow(2, (i + 1) * (alibiBiasMax / pow2)));
        if (pow2 == heads) return base;
        // odd-indexed slopes first, then even-indexed ones, truncated to the head count
        float[] slopes = new float[heads];
        int k = 0;
        for (int i = 1; i < pow2 && k < heads; i += 2) slopes[k++] = base[i];
        for (int i = 0; i < pow2 && k < heads; i += 2) slopes[k++] = base[i];
        return slopes;
    }

    public static ModelConfig load(Path file) {
        JsonNode n;
        try {
            n = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new EngineException(file + ": cannot read config (" + e.getMessage() + ")");
        }
        if (n == null || !n.isObject()) throw new EngineException(file + ": not a JSON object");
        String type = n.path("model_type").asText("");
        try {
            return switch (type) {
                case "gpt2" -> {
                    int c = req(n, "n_embd");
                    yield new ModelConfig(
                            Family.GPT2,
                            req(n, "vocab_size"),
                            c,
                            req(n, "n_layer"),
                            req(n, "n_head"),
                            req(n, "n_head"),
                            n.hasNonNull("n_inner") ? n.get("n_inner").asInt() : 4 * c,
                            req(n, "n_positions"),
                            (float) n.path("layer_norm_epsilon").asDouble(1e-5),
                            0f,
                            0f,
                            true);
                }
                case "llama" -> {
                    if (n.path("attention_bias").asBoolean(false)
                            || n.path("mlp_bias").asBoolean(false)) {
                        throw new EngineException(file + ": Llama with attention_bias or mlp_bias is not supported");
                    }
                    if (n.hasNonNull("rope_scaling"))
                        throw new EngineException(file + ": rope_scaling is not supported");
                    int h = req(n, "num_attention_heads");
                    yield new ModelConfig(
                            Family.LLAMA,
                            req(n, "vocab_size"),
                            req(n, "hidden_size"),
                            req(n, "num_hidden_layers"),
                            h,
                            n.path("num_key_value_heads").asInt(h),
                            req(n, "intermediate_size"),
                            n.path("max_position_embeddings").asInt(2048),
                            (float) n.path("rms_norm_eps").asDouble(1e-6),
                            (float) n.path("rope_theta").asDouble(10000.0),
                            0f,
                            n.path("tie_word_embeddings").asBoolean(false));
                }
                case "mpt" -> {
                    JsonNode attn = n.path("attn_config");
                    if (!attn.path("alibi").asBoolean(true))
                        throw new EngineException(file + ": MPT without ALiBi is not supported");
                    if (attn.path("qk_ln").asBoolean(false) || attn.hasNonNull("clip_qkv")) {
                        throw new EngineException(file + ": MPT with qk_ln or clip_qkv is not supported");
                    }
                    if (!n.path("no_bias").asBoolean(true))
                        throw new EngineException(file + ": MPT with biases (no_bias=false) is not supported");
                    int c = req(n, "d_model");
                    yield new ModelConfig(
                            Family.MPT,
                            req(n, "vocab_size"),
                            c,
                            req(n, "n_layers"),
                            req(n, "n_heads"),
                            req(n, "n_heads"),
                            n.path("expansion_ratio").asInt(4) * c,
                            n.path("max_seq_len").asInt(2048),
                            (float) n.path("layer_norm_epsilon").asDouble(1e-5),
                            0f,
                            (float) attn.path("alibi_bias_max").asDouble(8),
                            true);
                }
                default ->
                    throw new EngineException(
                            file + ": unsupported model_type '" + type + "' (supported: gpt2, llama, mpt)");
            };
        } catch (EngineException e) {
            if (e.getMessage().startsWith(file.toString())) throw e;
            throw new EngineException(file + ": " + e.getMessage());
        }
    }

    private static int req(JsonNode n, String key) {
        JsonNode v = n.get(key);
        if (v == null || !v.canConvertToInt() || v.asInt() <= 0)
            throw new EngineException("missing or invalid '" + key + "'");
        return v.asInt();
    }

    /** Writes the config.json Hugging Face expects for this family. */
    public void save(Path file) throws IOException {
        ObjectMapper om = new ObjectMapper();
        ObjectNode n = om.createObjectNode();
        n.putArray("architectures").add(family.architecture);
        n.put("model_type", family.modelType);
        n.put("vocab_size", vocabSize);
        switch (family) {
            case GPT2 -> {
                n.put("n_embd", channels)
                        .put("n_layer", layers)
                        .put("n_head", heads)
                        .put("n_inner", ffnHidden);
                n.put("n_positions", maxSeqLen).put("n_ctx", maxSeqLen).put("layer_norm_epsilon", normEps);
                n.put("activation_function", "gelu_new").put("tie_word_embeddings", true);
            }
            case LLAMA -> {
                n.put("hidden_size", channels).put("num_hidden_layers", layers).put("num_attention_heads", heads);
                n.put("num_key_value_heads", kvHeads).put("intermediate_size", ffnHidden);
                n.put("max_position_embeddings", maxSeqLen)
                        .put("rms_norm_eps", normEps)
                        .put("rope_theta", ropeTheta);
                n.put("hidden_act", "silu").put("tie_word_embeddings", tiedEmbeddings);
            }
            case MPT -> {
                n.put("d_model", channels).put("n_layers", layers).put("n_heads", heads);
                n.put("expansion_ratio", ffnHidden / channels).put("max_seq_len", maxSeqLen);
                n.put("layer_norm_epsilon", normEps).put("no_bias", true);
                n.putObject("attn_config").put("alibi", true).put("alibi_bias_max", alibiBiasMax);
            }
        }
        n.put("torch_dtype", "float32");
        om.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), n);
    }
}
