package ai.enclave.runtime.io;

import ai.enclave.runtime.model.ModelConfig;
import ai.enclave.runtime.model.ParameterTensors;
import java.util.ArrayList;
import java.util.List;

/**
 * Where each Hugging Face tensor of GPT2LMHeadModel, LlamaForCausalLM and MptForCausalLM lives in
 * our flat {@link ParameterTensors} layout. GPT-2's Conv1D weights are stored (in, out) and are
 * transposed; Llama's q/k/v and gate/up are row blocks of our fused matrices. Tied heads have no
 * lm_head.weight entry.
 */
public final class HfLayout {

    /**
     * One Hugging Face tensor: the (rows, cols) block of internal tensor {@code internal} starting at
     * float {@code offset}; cols == 0 means a vector of rows; transposed means the file holds (cols, rows).
     */
    public record Mapping(String hfName, String internal, long offset, int rows, int cols, boolean transposed) {
        public long[] hfShape() {
            if (cols == 0) return new long[] {rows};
            return transposed ? new long[] {cols, rows} : new long[] {rows, cols};
        }

        public long elements() {
            return (long) rows * Math.max(1, cols);
        }
    }

    private HfLayout() {}

    public static List<Mapping> of(ModelConfig cfg) {
        List<Mapping> m = new ArrayList<>();
        int v = cfg.vocabSize(), c = cfg.channels(), f = cfg.ffnHidden(), qkv = cfg.qkvChannels();
        int hs = cfg.headSize(), a = cfg.heads() * hs, kv = cfg.kvHeads() * hs, fc = cfg.fcChannels();
        switch (cfg.family()) {
            case GPT2 -> {
                m.add(new Mapping("transformer.wte.weight", "wte", 0, v, c, false));
                m.add(new Mapping("transformer.wpe.weight", "wpe", 0, cfg.maxSeqLen(), c, false));
                for (int l = 0; l < cfg.layers(); l++) {
                    String p = "transformer.h." + l + ".";
                    m.add(new Mapping(p + "ln_1.weight", "ln1w", (long) l * c, c, 0, false));
                    m.add(new Mapping(p + "ln_1.bias", "ln1b", (long) l * c, c, 0, false));
                    m.add(new Mapping(p + "attn.c_attn.weight", "qkvw", (long) l * qkv * c, qkv, c, true));
                    m.add(new Mapping(p + "attn.c_attn.bias", "qkvb", (long) l * qkv, qkv, 0, false));
                    m.add(new Mapping(p + "attn.c_proj.weight", "attprojw", (long) l * c * a, c, a, true));
                    m.add(new Mapping(p + "attn.c_proj.bias", "attprojb", (long) l * c, c, 0, false));
                    m.add(new Mapping(p + "ln_2.weight", "ln2w", (long) l * c, c, 0, false));
                    m.add(new Mapping(p + "ln_2.bias", "ln2b", (long) l * c, c, 0, false));
                    m.add(new Mapping(p + "mlp.c_fc.weight", "fcw", (long) l * f * c, f, c, true));
                    m.add(new Mapping(p + "mlp.c_fc.bias", "fcb", (long) l * f, f, 0, false));
                    m.add(new Mapping(p + "mlp.c_proj.weight", "fcprojw", (long) l * c * f, c, f, true));
                    m.add(new Mapping(p + "mlp.c_proj.bias", "fcprojb", (long) l * c, c, 0, false));
                }
                m.add(new Mapping("transformer.ln_f.weight", "lnfw", 0, c, 0, false));
                m.add(new Mapping("transformer.ln_f.bias", "lnfb", 0, c, 0, false));
            }
            case LLAMA -> {
                m.add(new Mapping("model.embed_tokens.weight", "wte", 0, v, c, false));
                for (int l = 0; l < cfg.layers(); l++) {
                    String p = "model.layers." + l + ".";
                    long qkvBase = (long) l * qkv * c;
                    long fcBase = (long) l * fc * c;
                    m.add(new Mapping(p + "input_layernorm.weight", "ln1w", (long) l * c, c, 0, false));
                    m.add(new Mapping(p + "self_attn.q_proj.weight", "qkvw", qkvBase, a, c, false));
                    m.add(new Mapping(p + "self_attn.k_proj.weight", "qkvw", qkvBase + (long) a * c, kv, c, false));
                    m.add(new Mapping(
                            p + "self_attn.v_proj.weight", "qkvw", qkvBase + (long) (a + kv) * c, kv, c, false));
                    m.add(new Mapping(p + "self_attn.o_proj.weight", "attprojw", (long) l * c * a, c, a, false));
                    m.add(new Mapping(p + "post_attention_layernorm.weight", "ln2w", (long) l * c, c, 0, false));
                    m.add(new Mapping(p + "mlp.gate_proj.weight", "fcw", fcBase, f, c, false));
                    m.add(new Mapping(p + "mlp.up_proj.weight", "fcw", fcBase + (long) f * c, f, c, false));
                    m.add(new Mapping(p + "mlp.down_proj.weight", "fcprojw", (long) l * c * f, c, f, false));
                }
                m.add(new Mapping("model.norm.weight", "lnfw", 0, c, 0, false));
                if (!cfg.tiedEmbeddings()) m.add(new Mapping("lm_head.weight", "lm_head", 0, v, c, false));
            }
            case MPT -> {
                m.add(new Mapping("transformer.wte.weight", "wte", 0, v, c, false));
                for (int l = 0; l < cfg.layers(); l++) {
                    String p = "transformer.blocks." + l + ".";
                    m.add(new Mapping(p + "norm_1.weight", "ln1w", (long) l * c, c, 0, false));
                    m.add(new Mapping(p + "attn.Wqkv.weight", "qkvw", (long) l * qkv * c, qkv, c, false));
                    m.add(new Mapping(p + "attn.out_proj.weight", "attprojw", (long) l * c * a, c, a, false));
                    m.add(new Mapping(p + "norm_2.weight", "ln2w", (long) l * c, c, 0, false));
                    m.add(new Mapping(p + "ffn.up_proj.weight", "fcw", (long) l * f * c, f, c, false));
                    m.add(new Mapping(p + "ffn.down_proj.weight", "fcprojw", (long) l * c * f, c, f, false));
                }
                m.add(new Mapping("transformer.norm_f.weight", "lnfw", 0, c, 0, false));
            }
        }
        return m;
    }
}
