-- Enclave schema, version 3: the first end-to-end path. The job queue that worker processes claim,
-- the data sources and dataset snapshots, training runs and their metrics, the model registry,
-- deployments, chat history and API keys. Large artifacts (token shards, checkpoints, weights) stay
-- in the artifact directory; these rows hold their paths and what a page needs to show.

-- The durable job queue. The portal inserts a job; a worker process claims it with
-- "for update skip locked", holds a lease it renews with every heartbeat, and writes progress and
-- the result here. A job whose lease ran out while 'running' belongs to a dead worker and may be
-- claimed again; the new worker continues from the job's last checkpoint.
create table jobs (
    id               bigint       generated always as identity,
    kind             varchar(20)  not null,
    state            varchar(20)  not null default 'queued',
    -- what to do, written by the portal at enqueue time (kind-specific JSON, see worker/README.md)
    spec             jsonb        not null,
    -- the latest progress the worker reported (step, tokens/s, ETA; for serving: port, memory, requests)
    progress         jsonb,
    -- what came out, written once by the worker when the job succeeds
    result           jsonb,
    error            varchar(4000),
    cancel_requested boolean      not null default false,
    attempts         integer      not null default 0,
    -- "host:pid" of the worker holding the lease
    worker           varchar(200),
    lease_expires_at timestamp(6) with time zone,
    heartbeat_at     timestamp(6) with time zone,
    created_by       varchar(255) not null,
    created_at       timestamp(6) with time zone not null default now(),
    started_at       timestamp(6) with time zone,
    finished_at      timestamp(6) with time zone,
    constraint jobs_pk primary key (id),
    constraint jobs_kind_known check (kind in ('prepare', 'train', 'serve')),
    constraint jobs_state_known check (state in ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    constraint jobs_finished_when_final
        check ((state in ('succeeded', 'failed', 'cancelled')) = (finished_at is not null))
);

-- What the supervisor asks every few seconds: the jobs a worker could claim now.
create index jobs_open_idx on jobs (state, lease_expires_at) where state in ('queued', 'running');

-- One value per (job, metric, step): train loss, eval loss, learning rate, tokens/s, grad norm. A
-- resumed worker writes the steps after its checkpoint again; the values are the same, so it upserts.
create table job_metrics (
    job_id      bigint      not null,
    name        varchar(40) not null,
    step        integer     not null,
    value       double precision not null,
    recorded_at timestamp(6) with time zone not null default now(),
    constraint job_metrics_pk primary key (job_id, name, step),
    constraint job_metrics_job_fk foreign key (job_id) references jobs (id) on delete cascade
);

-- A place documents come from: a connector type and that connector's config (the JSON the
-- connectors module reads). Secrets in it are encrypted by the security module before they land here.
create table data_sources (
    id         bigint        generated always as identity,
    team_id    bigint,
    name       varchar(100)  not null,
    type       varchar(40)   not null,
    config     jsonb         not null,
    created_by varchar(255)  not null,
    created_at timestamp(6) with time zone not null,
    constraint data_sources_pk primary key (id),
    constraint data_sources_team_fk foreign key (team_id) references teams (id) on delete set null,
    constraint data_sources_name_not_blank check (length(trim(name)) > 0)
);

create unique index data_sources_name_lower_key on data_sources (lower(name));

-- A pipeline run over a source: its job, and once it succeeded, the immutable snapshot it produced.
create table dataset_snapshots (
    id             bigint        generated always as identity,
    source_id      bigint        not null,
    job_id         bigint        not null,
    -- the content hash the pipeline names the snapshot by; null until the job succeeded
    content_id     varchar(64),
    directory      varchar(1000),
    tokenizer_dir  varchar(1000),
    documents      bigint,
    tokens         bigint,
    -- the manifest's statistics: per stage in/out and why, languages, PII counts, samples
    stats          jsonb,
    created_by     varchar(255)  not null,
    created_at     timestamp(6) with time zone not null,
    constraint dataset_snapshots_pk primary key (id),
    constraint dataset_snapshots_source_fk foreign key (source_id) references data_sources (id),
    constraint dataset_snapshots_job_fk foreign key (job_id) references jobs (id),
    constraint dataset_snapshots_job_key unique (job_id)
);

-- Model versions: what a finished run registered or what was imported. Files live in directory.
create table model_versions (
    id              bigint        generated always as identity,
    name            varchar(100)  not null,
    version         integer       not null,
    directory       varchar(1000) not null,
    -- the config.json of the weights (architecture, sizes, context length)
    config          jsonb         not null,
    parameters      bigint        not null,
    -- content ids of the snapshots it was trained on, and the run's hyperparameters
    snapshot_ids    jsonb         not null default '[]',
    hyperparameters jsonb         not null default '{}',
    eval_loss       double precision,
    training_run_id bigint,
    created_by      varchar(255)  not null,
    created_at      timestamp(6) with time zone not null,
    constraint model_versions_pk primary key (id),
    constraint model_versions_name_version_key unique (name, version),
    constraint model_versions_version_positive check (version > 0)
);

-- A training run: the form's choices, the estimate shown before launch, and its job.
create table training_runs (
    id                 bigint        generated always as identity,
    name               varchar(100)  not null,
    job_id             bigint        not null,
    snapshot_id        bigint        not null,
    -- train from scratch with a size preset, or continue from a model version
    preset             varchar(40),
    base_model_id      bigint,
    hyperparameters    jsonb         not null,
    -- FLOPs, seconds and cost computed before launch
    estimate           jsonb         not null,
    model_version_id   bigint,
    created_by         varchar(255)  not null,
    created_at         timestamp(6) with time zone not null,
    constraint training_runs_pk primary key (id),
    constraint training_runs_job_fk foreign key (job_id) references jobs (id),
    constraint training_runs_job_key unique (job_id),
    constraint training_runs_snapshot_fk foreign key (snapshot_id) references dataset_snapshots (id),
    constraint training_runs_base_fk foreign key (base_model_id) references model_versions (id),
    constraint training_runs_model_fk foreign key (model_version_id) references model_versions (id),
    constraint training_runs_from_scratch_or_base check ((preset is null) <> (base_model_id is null))
);

alter table model_versions
    add constraint model_versions_run_fk foreign key (training_run_id) references training_runs (id),
    add constraint model_versions_run_key unique (training_run_id);

-- A model version served by a serving worker (a 'serve' job that runs until stopped).
create table deployments (
    id               bigint        generated always as identity,
    name             varchar(100)  not null,
    model_version_id bigint        not null,
    job_id           bigint        not null,
    created_by       varchar(255)  not null,
    created_at       timestamp(6) with time zone not null,
    stopped_at       timestamp(6) with time zone,
    constraint deployments_pk primary key (id),
    constraint deployments_model_fk foreign key (model_version_id) references model_versions (id),
    constraint deployments_job_fk foreign key (job_id) references jobs (id),
    constraint deployments_job_key unique (job_id)
);

-- Only one running deployment answers to a name; a stopped one frees it.
create unique index deployments_name_live_key on deployments (lower(name)) where stopped_at is null;

create table conversations (
    id            bigint        generated always as identity,
    owner_subject varchar(255)  not null,
    deployment_id bigint        not null,
    title         varchar(200)  not null,
    created_at    timestamp(6) with time zone not null,
    updated_at    timestamp(6) with time zone not null,
    constraint conversations_pk primary key (id),
    constraint conversations_deployment_fk foreign key (deployment_id) references deployments (id)
);

create index conversations_owner_idx on conversations (owner_subject, updated_at desc);

create table chat_messages (
    id              bigint        generated always as identity,
    conversation_id bigint        not null,
    position        integer       not null,
    role            varchar(20)   not null,
    content         text          not null,
    created_at      timestamp(6) with time zone not null,
    constraint chat_messages_pk primary key (id),
    constraint chat_messages_conversation_fk foreign key (conversation_id)
        references conversations (id) on delete cascade,
    constraint chat_messages_position_key unique (conversation_id, position),
    constraint chat_messages_role_known check (role in ('system', 'user', 'assistant'))
);

-- API keys for the OpenAI-compatible API. Only a SHA-256 of the secret is kept; the prefix is the
-- first characters of the key, shown in lists so people can tell their keys apart.
create table api_keys (
    id            bigint        generated always as identity,
    owner_subject varchar(255)  not null,
    name          varchar(100)  not null,
    prefix        varchar(16)   not null,
    secret_sha256 varchar(64)   not null,
    created_at    timestamp(6) with time zone not null,
    last_used_at  timestamp(6) with time zone,
    revoked_at    timestamp(6) with time zone,
    constraint api_keys_pk primary key (id),
    constraint api_keys_secret_key unique (secret_sha256),
    constraint api_keys_name_not_blank check (length(trim(name)) > 0)
);

create index api_keys_owner_idx on api_keys (owner_subject);
