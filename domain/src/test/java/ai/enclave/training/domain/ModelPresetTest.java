/*
 * The preset sizes and the config.json they write: parameter counts worked out by hand from the MPT
 * layout, and the keys gpu-runtime's ModelConfig reads for model_type "mpt".
 */
package ai.enclave.training.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.enclave.common.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class ModelPresetTest {

    @Test
    void tiny_with_a_2048_token_vocabulary_has_the_parameters_counted_by_hand() {
        // per layer: ln1 64 + qkv 3*64*64 + proj 64*64 + ln2 64 + up 256*64 + down 64*256 = 49,280
        // embedding 2048*64 = 131,072 (tied with the head), final norm 64
        assertThat(ModelPreset.TINY.parameters(2048)).isEqualTo(131_072 + 2 * 49_280 + 64);
    }

    @Test
    void base_with_gpt2s_vocabulary_is_gpt2_small_without_biases_and_positions() {
        // GPT-2 small has 124,439,808: minus 786,432 learned positions and 102,144 biases and LN biases
        assertThat(ModelPreset.BASE.parameters(50_257)).isEqualTo(123_551_232L);
    }

    @Test
    void presets_grow_from_tiny_to_base() {
        assertThat(ModelPreset.TINY.parameters(4096))
                .isLessThan(ModelPreset.SMALL.parameters(4096))
                .isLessThan(ModelPreset.BASE.parameters(4096));
    }

    @Test
    void config_json_has_the_keys_mpt_for_causal_lm_uses() {
        ObjectNode config = Json.object(ModelPreset.TINY.configJson(2048, 64), "config");

        assertThat(config.path("architectures").get(0).asText()).isEqualTo("MptForCausalLM");
        assertThat(config.path("model_type").asText()).isEqualTo("mpt");
        assertThat(config.path("vocab_size").asInt()).isEqualTo(2048);
        assertThat(config.path("d_model").asInt()).isEqualTo(64);
        assertThat(config.path("n_heads").asInt()).isEqualTo(4);
        assertThat(config.path("n_layers").asInt()).isEqualTo(2);
        assertThat(config.path("expansion_ratio").asInt()).isEqualTo(4);
        assertThat(config.path("max_seq_len").asInt()).isEqualTo(64);
        assertThat(config.path("no_bias").asBoolean()).isTrue();
        assertThat(config.path("attn_config").path("alibi").asBoolean()).isTrue();
    }

    @Test
    void a_config_json_reads_back_as_the_same_shape() {
        ModelShape shape = ModelPreset.SMALL.shape(8192, 256);

        assertThat(ModelShape.fromConfigJson(shape.configJson())).isEqualTo(shape);
    }

    @Test
    void a_context_beyond_the_presets_limit_is_refused() {
        assertThatThrownBy(() -> ModelPreset.TINY.configJson(2048, 513))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the TINY preset takes a context of 1 to 512 tokens, not 513");
    }

    @Test
    void a_llama_config_is_not_read_as_an_mpt_shape() {
        assertThatThrownBy(() -> ModelShape.fromConfigJson("{\"model_type\":\"llama\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only MPT models");
    }
}
