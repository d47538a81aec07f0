/*
 * The sizes of one MPT-style decoder (ALiBi, no position embeddings, LayerNorm without bias, no
 * biases, tied embeddings: what gpu-runtime's ModelConfig reads for model_type "mpt"), with what the
 * training estimate needs from them: the parameter count and the activation memory. Read from and
 * written as the config.json keys MptForCausalLM uses. Not the weights, not training settings.
 */
package ai.enclave.training.domain;

import ai.enclave.common.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

public record ModelShape(
        int vocabSize, // V, e.g. 2048
        int dModel, // C, e.g. 64
        int nHeads, // NH, e.g. 4
        int nLayers, // L, e.g. 2
        int expansionRatio, // F = expansionRatio * C, e.g. 4
        int maxSeqLen) { // maxT, e.g. 256 (ALiBi stretches past it at inference)

    public ModelShape {
        if (vocabSize <= 0 || dModel <= 0 || nHeads <= 0 || nLayers <= 0 || expansionRatio <= 0 || maxSeqLen <= 0) {
            throw new IllegalArgumentException("every model size must be positive");
        }
        if (dModel % nHeads != 0) {
            throw new IllegalArgumentException("d_model " + dModel + " is not divisible by " + nHeads + " heads");
        }
    }

    /**
     * Per layer: ln1 weight (C), fused qkv (3C x C), attention projection (C x C), ln2 weight (C),
     * MLP up (F x C) and down (C x F); then the token embedding (V x C, tied with the head) and the
     * final LayerNorm weight (C). The same layout as gpu-runtime's ParameterTensors for MPT.
     */
    public long parameters() {
        long c = dModel, f = (long) expansionRatio * dModel;
        long perLayer = c + 3 * c * c + c * c + c + f * c + c * f;
        return (long) vocabSize * c + nLayers * perLayer + c;
    }

    /**
     * fp32 activations of one training micro-batch of {@code batch} sequences of {@code seqLen}
     * tokens, as llm.c lays them out, times two for their gradients. Per layer: ln1, atty, attproj,
     * residual2, ln2, fcproj, residual3 (7 x BTC), qkv (3 x BTC), the MLP hidden before and after GELU
     * (2 x BTF), pre-softmax and softmax attention (2 x B NH T T); then the embedding output and final
     * LayerNorm (2 x BTC), logits and probabilities (2 x BTV). LayerNorm statistics are left out.
     */
    public long activationBytes(int batch, int seqLen) {
        long bt = (long) batch * seqLen, c = dModel, f = (long) expansionRatio * dModel;
        long perLayer = bt * (10 * c + 2 * f) + 2L * batch * nHeads * seqLen * seqLen;
        long floats = nLayers * perLayer + bt * (2 * c + 2L * vocabSize);
        return 2 * floats * Float.BYTES;
    }

    /** The config.json text gpu-runtime reads for this shape. */
    public String configJson() {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.putArray("architectures").add("MptForCausalLM");
        n.put("model_type", "mpt");
        n.put("vocab_size", vocabSize);
        n.put("d_model", dModel).put("n_layers", nLayers).put("n_heads", nHeads);
        n.put("expansion_ratio", expansionRatio).put("max_seq_len", maxSeqLen);
        n.put("layer_norm_epsilon", 1e-5).put("no_bias", true);
        n.putObject("attn_config").put("alibi", true).put("alibi_bias_max", 8);
        n.put("torch_dtype", "float32");
        return Json.text(n);
    }

    /**
     * The shape of an MPT config.json.
     *
     * @throws IllegalArgumentException when the text is no MPT config or misses a size
     */
    public static ModelShape fromConfigJson(String configJson) {
        ObjectNode n = Json.object(configJson, "config.json");
        String type = n.path("model_type").asText("");
        if (!type.equals("mpt")) {
            throw new IllegalArgumentException(
                    "only MPT models (model_type \"mpt\") are supported here, not \"" + type + "\"");
        }
        return new ModelShape(
                required(n, "vocab_size"),
                required(n, "d_model"),
                required(n, "n_heads"),
                required(n, "n_layers"),
                n.path("expansion_ratio").asInt(4),
                n.path("max_seq_len").asInt(2048));
    }

    private static int required(JsonNode n, String key) {
        JsonNode v = n.get(key);
        if (v == null || !v.canConvertToInt() || v.asInt() <= 0) {
            throw new IllegalArgumentException("config.json has no valid \"" + key + "\"");
        }
        return v.asInt();
    }
}
