-- Enclave schema, version 4: the sampling seed of each assistant reply in a conversation, so the
-- same reply can be had again (the OpenAI-compatible API takes a seed) and a reply can be traced to
-- how it was sampled. Null for user and system messages.
alter table chat_messages add column seed bigint;
