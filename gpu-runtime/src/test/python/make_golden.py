#!/usr/bin/env python3
"""Writes the golden fixtures for GoldenParityTest: one tiny model per family (GPT-2, Llama, MPT)
implemented here directly in PyTorch (float64) following the Hugging Face modeling code, with
  <family>/config.json, <family>/model.safetensors      initial weights in the HF layout
  <family>/expected.safetensors                        logits, loss, every gradient, weights after 3 AdamW steps
  <family>/batch.json                                  input ids, targets (-1 = masked), optimizer settings
Run offline: /usr/bin/python3 make_golden.py ../resources/golden   (Debian python3-torch, no network)."""
import json, math, os, struct, sys
import torch
import torch.nn.functional as F

torch.manual_seed(1234)
DT = torch.float64
B, T = 2, 8
LR, BETAS, EPS, WD = 1e-3, (0.9, 0.95), 1e-8, 0.1


def write_safetensors(path, tensors):
    header, blobs, off = {}, [], 0
    for name, t in tensors.items():
        data = t.detach().to(torch.float32).contiguous().numpy().tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [off, off + len(data)]}
        blobs.append(data)
        off += len(data)
    h = json.dumps(header).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def p(*shape, std=0.2):
    # values rounded to fp32 first, so the fp32 file holds exactly the weights the reference used
    return (torch.randn(*shape, dtype=DT) * std).float().to(DT).requires_grad_()


def ones(n):
    return (1.0 + 0.1 * torch.randn(n, dtype=DT)).float().to(DT).requires_grad_()


def layer_norm(x, w, b, eps):
    return F.layer_norm(x, (x.shape[-1],), w, b, eps)


def attention(q, k, v, bias=None):
    # q (B,NH,T,hs), k/v (B,NH,T,hs) already expanded for GQA
    s = q @ k.transpose(-1, -2) / math.sqrt(q.shape[-1])
    if bias is not None:
        s = s + bias
    mask = torch.triu(torch.ones(T, T, dtype=torch.bool), 1)
    s = s.masked_fill(mask, float("-inf"))
    return torch.softmax(s, dim=-1) @ v


def split_heads(x, n):
    return x.view(B, T, n, -1).transpose(1, 2)


def merge_heads(x):
    return x.transpose(1, 2).reshape(B, T, -1)


def gpt2():
    V, C, L, NH, maxT = 64, 32, 2, 4, 16
    cfg = {"architectures": ["GPT2LMHeadModel"], "model_type": "gpt2", "vocab_size": V, "n_embd": C, "n_layer": L,
           "n_head": NH, "n_positions": maxT, "n_inner": None, "layer_norm_epsilon": 1e-5, "activation_function": "gelu_new"}
    W = {"transformer.wte.weight": p(V, C), "transformer.wpe.weight": p(maxT, C)}
    for l in range(L):
        h = f"transformer.h.{l}."
        W.update({h + "ln_1.weight": ones(C), h + "ln_1.bias": p(C, std=0.1), h + "attn.c_attn.weight": p(C, 3 * C),
                  h + "attn.c_attn.bias": p(3 * C, std=0.1), h + "attn.c_proj.weight": p(C, C), h + "attn.c_proj.bias": p(C, std=0.1),
                  h + "ln_2.weight": ones(C), h + "ln_2.bias": p(C, std=0.1), h + "mlp.c_fc.weight": p(C, 4 * C),
                  h + "mlp.c_fc.bias": p(4 * C, std=0.1), h + "mlp.c_proj.weight": p(4 * C, C), h + "mlp.c_proj.bias": p(C, std=0.1)})
    W.update({"transformer.ln_f.weight": ones(C), "transformer.ln_f.bias": p(C, std=0.1)})

    def forward(ids):
        x = W["transformer.wte.weight"][ids] + W["transformer.wpe.weight"][torch.arange(T)]
        for l in range(L):
            h = f"transformer.h.{l}."
            a = layer_norm(x, W[h + "ln_1.weight"], W[h + "ln_1.bias"], 1e-5) @ W[h + "attn.c_attn.weight"] + W[h + "attn.c_attn.bias"]
            q, k, v = a.split(C, dim=2)
            y = merge_heads(attention(split_heads(q, NH), split_heads(k, NH), split_heads(v, NH)))
            x = x + y @ W[h + "attn.c_proj.weight"] + W[h + "attn.c_proj.bias"]
            m = layer_norm(x, W[h + "ln_2.weight"], W[h + "ln_2.bias"], 1e-5) @ W[h + "mlp.c_fc.weight"] + W[h + "mlp.c_fc.bias"]
            x = x + F.gelu(m, approximate="tanh") @ W[h + "mlp.c_proj.weight"] + W[h + "mlp.c_proj.bias"]
        x = layer_norm(x, W["transformer.ln_f.weight"], W["transformer.ln_f.bias"], 1e-5)
        return x @ W["transformer.wte.weight"].T
    return cfg, W, forward, V


def rms_norm(x, w, eps):
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps) * w


def rope(x, theta):
    hs = x.shape[-1]
    inv = 1.0 / (theta ** (torch.arange(0, hs, 2, dtype=DT) / hs))
    ang = torch.arange(T, dtype=DT)[:, None] * inv[None, :]
    emb = torch.cat([ang, ang], dim=-1)
    x1, x2 = x[..., : hs // 2], x[..., hs // 2:]
    return x * emb.cos() + torch.cat([-x2, x1], dim=-1) * emb.sin()


def llama():
    V, C, L, NH, NKV, Fh, theta = 64, 32, 2, 4, 2, 48, 500000.0
    hs = C // NH
    cfg = {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "vocab_size": V, "hidden_size": C,
           "num_hidden_layers": L, "num_attention_heads": NH, "num_key_value_heads": NKV, "intermediate_size": Fh,
           "max_position_embeddings": 64, "rms_norm_eps": 1e-6, "rope_theta": theta, "hidden_act": "silu",
           "tie_word_embeddings": False}
    W = {"model.embed_tokens.weight": p(V, C)}
    for l in range(L):
        h = f"model.layers.{l}."
        W.update({h + "input_layernorm.weight": ones(C), h + "self_attn.q_proj.weight": p(NH * hs, C),
                  h + "self_attn.k_proj.weight": p(NKV * hs, C), h + "self_attn.v_proj.weight": p(NKV * hs, C),
                  h + "self_attn.o_proj.weight": p(C, NH * hs), h + "post_attention_layernorm.weight": ones(C),
                  h + "mlp.gate_proj.weight": p(Fh, C), h + "mlp.up_proj.weight": p(Fh, C), h + "mlp.down_proj.weight": p(C, Fh)})
    W.update({"model.norm.weight": ones(C), "lm_head.weight": p(V, C)})

    def forward(ids):
        x = W["model.embed_tokens.weight"][ids]
        for l in range(L):
            h = f"model.layers.{l}."
            n = rms_norm(x, W[h + "input_layernorm.weight"], 1e-6)
            q = rope(split_heads(n @ W[h + "self_attn.q_proj.weight"].T, NH), theta)
            k = rope(split_heads(n @ W[h + "self_attn.k_proj.weight"].T, NKV), theta)
            v = split_heads(n @ W[h + "self_attn.v_proj.weight"].T, NKV)
            k = k.repeat_interleave(NH // NKV, dim=1)
            v = v.repeat_interleave(NH // NKV, dim=1)
            x = x + merge_heads(attention(q, k, v)) @ W[h + "self_attn.o_proj.weight"].T
            n = rms_norm(x, W[h + "post_attention_layernorm.weight"], 1e-6)
            g = F.silu(n @ W[h + "mlp.gate_proj.weight"].T) * (n @ W[h + "mlp.up_proj.weight"].T)
            x = x + g @ W[h + "mlp.down_proj.weight"].T
        return rms_norm(x, W["model.norm.weight"], 1e-6) @ W["lm_head.weight"].T
    return cfg, W, forward, V


def alibi_slopes(n_heads, alibi_bias_max=8):
    pow2 = 2 ** math.ceil(math.log2(n_heads))
    base = torch.arange(1, pow2 + 1, dtype=DT) * (alibi_bias_max / pow2)
    slopes = 1.0 / torch.pow(2, base)
    if pow2 != n_heads:
        slopes = torch.cat([slopes[1::2], slopes[::2]])[:n_heads]
    return slopes


def mpt():
    V, C, L, NH, E, maxT = 64, 32, 2, 6, 4, 16  # 6 heads: exercises the non-power-of-two ALiBi slopes
    C = 36
    cfg = {"architectures": ["MptForCausalLM"], "model_type": "mpt", "vocab_size": V, "d_model": C, "n_layers": L,
           "n_heads": NH, "expansion_ratio": E, "max_seq_len": maxT, "no_bias": True, "layer_norm_epsilon": 1e-5,
           "attn_config": {"alibi": True, "alibi_bias_max": 8}}
    W = {"transformer.wte.weight": p(V, C)}
    for l in range(L):
        h = f"transformer.blocks.{l}."
        W.update({h + "norm_1.weight": ones(C), h + "attn.Wqkv.weight": p(3 * C, C), h + "attn.out_proj.weight": p(C, C),
                  h + "norm_2.weight": ones(C), h + "ffn.up_proj.weight": p(E * C, C), h + "ffn.down_proj.weight": p(C, E * C)})
    W["transformer.norm_f.weight"] = ones(C)
    bias = (torch.arange(1 - T, 1, dtype=DT).view(1, 1, T) * alibi_slopes(NH).view(NH, 1, 1)).unsqueeze(0)

    def forward(ids):
        x = W["transformer.wte.weight"][ids]
        for l in range(L):
            h = f"transformer.blocks.{l}."
            qkv = layer_norm(x, W[h + "norm_1.weight"], None, 1e-5) @ W[h + "attn.Wqkv.weight"].T
            q, k, v = qkv.chunk(3, dim=2)
            y = merge_heads(attention(split_heads(q, NH), split_heads(k, NH), split_heads(v, NH), bias))
            x = x + y @ W[h + "attn.out_proj.weight"].T
            m = layer_norm(x, W[h + "norm_2.weight"], None, 1e-5) @ W[h + "ffn.up_proj.weight"].T
            x = x + F.gelu(m) @ W[h + "ffn.down_proj.weight"].T
        return layer_norm(x, W["transformer.norm_f.weight"], None, 1e-5) @ W["transformer.wte.weight"].T
    return cfg, W, forward, V


def make(out_dir, name, builder):
    cfg, W, forward, V = builder()
    d = os.path.join(out_dir, name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "config.json"), "w") as f:
        json.dump(cfg, f, indent=1)
    write_safetensors(os.path.join(d, "model.safetensors"), W)
    ids = torch.randint(0, V, (B, T))
    targets = torch.randint(0, V, (B, T))
    targets[0, 2] = -1  # loss masking: this position does not count
    targets[1, 5] = -1

    def loss_of(logits):
        return F.cross_entropy(logits.reshape(-1, V), targets.reshape(-1), ignore_index=-1)

    logits = forward(ids)
    loss = loss_of(logits)
    loss.backward()
    expected = {"logits": logits.detach(), "loss": loss.detach().reshape(1)}
    for k, t in W.items():
        expected["grad." + k] = t.grad.detach().clone()
    decay = [t for t in W.values() if t.dim() >= 2]
    no_decay = [t for t in W.values() if t.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": WD}, {"params": no_decay, "weight_decay": 0.0}],
                            lr=LR, betas=BETAS, eps=EPS, foreach=False)
    losses = []
    for step in range(3):
        opt.zero_grad()
        if step > 0:
            l = loss_of(forward(ids))
            l.backward()
        else:
            l = loss
            for k, t in W.items():
                t.grad = expected["grad." + k].clone()
        losses.append(l.item())
        opt.step()
    for k, t in W.items():
        expected["after3." + k] = t.detach()
    expected["losses"] = torch.tensor(losses, dtype=DT)
    write_safetensors(os.path.join(d, "expected.safetensors"), expected)
    with open(os.path.join(d, "batch.json"), "w") as f:
        json.dump({"B": B, "T": T, "inputs": ids.reshape(-1).tolist(), "targets": targets.reshape(-1).tolist(),
                   "lr": LR, "beta1": BETAS[0], "beta2": BETAS[1], "eps": EPS, "weight_decay": WD}, f)
    print(name, "loss", loss.item())


if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "resources", "golden")
    make(out, "gpt2", gpt2)
    make(out, "llama", llama)
    make(out, "mpt", mpt)
