// Talks to Enclave's OpenAI-compatible API with the unmodified `openai` package, as a customer's
// program would, and prints what it got as one JSON object for the Java test to check.
// Environment: ENCLAVE_API_BASE (e.g. http://localhost:8080/v1), ENCLAVE_API_KEY, ENCLAVE_MODEL, ENCLAVE_SEED;
// optionally ENCLAVE_REPLAY_PROMPT and ENCLAVE_REPLAY_SEED: a chat message and the seed the chat page
// sampled its reply with, asked again with the chat page's sampling values (see ChatSampling).
import OpenAI from "openai";

const client = new OpenAI({ apiKey: process.env.ENCLAVE_API_KEY, baseURL: process.env.ENCLAVE_API_BASE, maxRetries: 0 });
const model = process.env.ENCLAVE_MODEL;
const seed = Number(process.env.ENCLAVE_SEED);
const messages = [{ role: "user", content: "Four score and seven years ago" }];

const models = await client.models.list();
const whole = await client.chat.completions.create({ model, messages, seed, max_tokens: 24, temperature: 0.8 });
let streamed = "";
let streamFinish = null;
const stream = await client.chat.completions.create({ model, messages, seed, max_tokens: 24, temperature: 0.8, stream: true });
for await (const chunk of stream) {
  streamed += chunk.choices[0]?.delta?.content ?? "";
  streamFinish = chunk.choices[0]?.finish_reason ?? streamFinish;
}
let refused = null;
try {
  await new OpenAI({ apiKey: "ek-not-a-key", baseURL: process.env.ENCLAVE_API_BASE, maxRetries: 0 }).models.list();
} catch (e) {
  refused = e.status;
}
let replay = null;
if (process.env.ENCLAVE_REPLAY_PROMPT) {
  const again = await client.chat.completions.create({
    model,
    messages: [{ role: "user", content: process.env.ENCLAVE_REPLAY_PROMPT }],
    seed: Number(process.env.ENCLAVE_REPLAY_SEED),
    max_tokens: 256,
    temperature: 0.8,
    top_p: 0.95,
  });
  replay = again.choices[0].message.content;
}
console.log(JSON.stringify({
  replay,
  models: models.data.map((m) => m.id),
  content: whole.choices[0].message.content,
  finishReason: whole.choices[0].finish_reason,
  usage: whole.usage,
  streamed,
  streamFinish,
  refusedStatus: refused,
}));
