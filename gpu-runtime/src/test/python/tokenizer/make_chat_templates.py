"""Writes src/test/resources/tokenizer/chat_templates.json: chat templates in the styles of ChatML,
Llama-3, Mistral and Gemma, conversations, and what Hugging Face's apply_chat_template renders for
each. Rendering copies transformers' setup (jinja2 sandbox, trim_blocks, lstrip_blocks,
loopcontrols, raise_exception, tojson) so only jinja2 is needed. Run from gpu-runtime/:
python3 src/test/python/tokenizer/make_chat_templates.py"""
import json
from jinja2.exceptions import TemplateError
from jinja2.ext import loopcontrols
from jinja2.sandbox import ImmutableSandboxedEnvironment

TEMPLATES = {
    "chatml": "{% for message in messages %}{% if loop.first and messages[0]['role'] != 'system' %}{{ '<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n' }}{% endif %}{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}",
    "chatml-multiline": "{%- for message in messages %}\n    {{- '<|im_start|>' + message.role + '\\n' + message.content + '<|im_end|>\\n' }}\n{%- endfor %}\n{%- if add_generation_prompt %}\n    {{- '<|im_start|>assistant\\n' }}\n{%- endif %}\n",
    "chatml-trim-blocks": "{% for message in messages %}\n<|im_start|>{{ message['role'] }}\n{{ message['content'] }}<|im_end|>\n{% endfor %}\n    {% if add_generation_prompt %}\n<|im_start|>assistant\n    {% endif %}\n",
    "llama3": "{% set loop_messages = messages %}{% for message in loop_messages %}{% set content = '<|start_header_id|>' + message['role'] + '<|end_header_id|>\n\n'+ message['content'] | trim + '<|eot_id|>' %}{% if loop.index0 == 0 %}{% set content = bos_token + content %}{% endif %}{{ content }}{% endfor %}{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\n\n' }}{% endif %}",
    "mistral": "{{ bos_token }}{% for message in messages %}{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}{% if message['role'] == 'user' %}{{ '[INST] ' + message['content'] + ' [/INST]' }}{% elif message['role'] == 'assistant' %}{{ message['content'] + eos_token}}{% else %}{{ raise_exception('Only user and assistant roles are supported!') }}{% endif %}{% endfor %}",
    "gemma": "{{ bos_token }}{% if messages[0]['role'] == 'system' %}{{ raise_exception('System role not supported') }}{% endif %}{% for message in messages %}{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}{% if (message['role'] == 'assistant') %}{% set role = 'model' %}{% else %}{% set role = message['role'] %}{% endif %}{{ '<start_of_turn>' + role + '\n' + message['content'] | trim + '<end_of_turn>\n' }}{% endfor %}{% if add_generation_prompt %}{{'<start_of_turn>model\n'}}{% endif %}",
}

TOKENS = {
    "chatml": ("", "<|im_end|>"), "chatml-multiline": ("", "<|im_end|>"), "chatml-trim-blocks": ("", "<|im_end|>"),
    "llama3": ("<|begin_of_text|>", "<|eot_id|>"), "mistral": ("<s>", "</s>"), "gemma": ("<bos>", "<eos>"),
}

CONVERSATIONS = [
    [{"role": "user", "content": "Hello!"}],
    [{"role": "user", "content": "  What is 2+2?  \n"}, {"role": "assistant", "content": "4."},
     {"role": "user", "content": "Und auf Deutsch? Ünïcödé 世界 नमस्ते 😀"}],
    [{"role": "system", "content": "You answer tersely."}, {"role": "user", "content": "Hi"}],
]


def render(template, messages, add_generation_prompt, bos, eos):
    def raise_exception(message):
        raise TemplateError(message)
    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[loopcontrols])
    env.filters["tojson"] = lambda x, **kw: json.dumps(x, ensure_ascii=False, **kw)
    env.globals["raise_exception"] = raise_exception
    return env.from_string(template).render(messages=messages, add_generation_prompt=add_generation_prompt,
                                            bos_token=bos, eos_token=eos)


if __name__ == "__main__":
    cases = []
    for name, template in TEMPLATES.items():
        bos, eos = TOKENS[name]
        for messages in CONVERSATIONS:
            for gen in (False, True):
                try:
                    expected, error = render(template, messages, gen, bos, eos), None
                except TemplateError as e:
                    expected, error = None, str(e)
                cases.append({"template": name, "messages": messages, "add_generation_prompt": gen,
                              "bos_token": bos, "eos_token": eos, "expected": expected, "error": error})
    with open("src/test/resources/tokenizer/chat_templates.json", "w", encoding="utf-8") as f:
        json.dump({"templates": TEMPLATES, "cases": cases}, f, ensure_ascii=False, indent=1)
