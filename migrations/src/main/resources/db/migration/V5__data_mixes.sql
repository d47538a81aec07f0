-- Enclave schema, version 5: data mixes. A mix is a named list of dataset snapshots, each with a
-- weight (its share of the training tokens); a training run reads either one snapshot or one mix.
-- Snapshots in a mix share one tokenizer (checked by the service: token ids only mean the same
-- words under the same tokenizer). A mix does not change once made, so a run's data stays what it was.
create table data_mixes (
    id          bigint        generated always as identity,
    name        varchar(100)  not null,
    created_by  varchar(255)  not null,
    created_at  timestamp(6) with time zone not null,
    constraint data_mixes_pk primary key (id)
);
create unique index data_mixes_name_key on data_mixes (lower(name));

create table data_mix_components (
    mix_id       bigint            not null,
    position     integer           not null,
    snapshot_id  bigint            not null,
    weight       double precision  not null,
    constraint data_mix_components_pk primary key (mix_id, position),
    constraint data_mix_components_mix_fk foreign key (mix_id) references data_mixes (id) on delete cascade,
    constraint data_mix_components_snapshot_fk foreign key (snapshot_id) references dataset_snapshots (id),
    constraint data_mix_components_snapshot_once unique (mix_id, snapshot_id),
    constraint data_mix_components_weight_positive check (weight > 0 and weight < 'Infinity')
);

alter table training_runs
    alter column snapshot_id drop not null,
    add column mix_id bigint,
    add constraint training_runs_mix_fk foreign key (mix_id) references data_mixes (id),
    add constraint training_runs_snapshot_or_mix check ((snapshot_id is null) <> (mix_id is null));
