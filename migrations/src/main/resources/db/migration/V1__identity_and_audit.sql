-- Enclave schema, version 1: people mirrored from the identity provider, and the audit log.
-- Released scripts are never edited: a change is a new V<n>__*.sql file.
-- Column lengths match the constants the JPA entities in domain/ share with their @Size checks.

-- One row per person who ever signed in. Keycloak owns the identity; this is its mirror, refreshed at
-- every sign-in, so the portal can list people, attach them to teams and name them in the audit log.
create table users (
    id              bigint       generated always as identity,
    subject         varchar(255) not null,
    username        varchar(255) not null,
    display_name    varchar(255),
    email           varchar(320),
    first_seen_at   timestamp(6) with time zone not null,
    last_seen_at    timestamp(6) with time zone not null,
    constraint users_pk primary key (id),
    -- the OIDC "sub" claim: stable for the life of the account, unlike the username
    constraint users_subject_key unique (subject),
    constraint users_subject_not_blank check (length(trim(subject)) > 0),
    constraint users_username_not_blank check (length(trim(username)) > 0),
    constraint users_seen_in_order check (last_seen_at >= first_seen_at)
);

-- Admin -> Users lists the most recently active people first.
create index users_last_seen_at_idx on users (last_seen_at desc);

-- The portal roles the user held at the last sign-in (admin, data-steward, ml-engineer, employee).
create table user_roles (
    user_id bigint      not null,
    role    varchar(50) not null,
    constraint user_roles_pk primary key (user_id, role),
    constraint user_roles_user_fk foreign key (user_id) references users (id) on delete cascade,
    constraint user_roles_role_format check (role ~ '^[a-z][a-z0-9-]*$')
);

-- Who did what to what, when, and whether it was allowed. The actor is the OIDC subject as text
-- (no foreign key): the log must outlive the people it names and record actors such as "system".
create table audit_events (
    id            bigint        generated always as identity,
    occurred_at   timestamp(6) with time zone not null,
    actor_subject varchar(255)  not null,
    action        varchar(100)  not null,
    target        varchar(500),
    detail        varchar(4000),
    outcome       varchar(20)   not null,
    constraint audit_events_pk primary key (id),
    constraint audit_events_action_not_blank check (length(trim(action)) > 0),
    constraint audit_events_outcome_known check (outcome in ('SUCCESS', 'DENIED', 'FAILURE'))
);

create index audit_events_occurred_at_idx on audit_events (occurred_at desc);
create index audit_events_actor_idx on audit_events (actor_subject, occurred_at desc);

-- The audit log is append-only: rows are inserted, never changed or removed by the application.
create function audit_events_refuse_change() returns trigger
    language plpgsql as $$
begin
    raise exception 'audit_events is append-only: % refused', tg_op
        using errcode = 'insufficient_privilege';
end;
$$;

create trigger audit_events_append_only
    before update or delete on audit_events
    for each row execute function audit_events_refuse_change();
