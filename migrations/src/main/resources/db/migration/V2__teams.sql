-- Enclave schema, version 2: teams and their members. Resources (datasets, models, grants) will
-- belong to teams in later versions.

create table teams (
    id          bigint        generated always as identity,
    name        varchar(100)  not null,
    description varchar(1000),
    created_at  timestamp(6) with time zone not null,
    constraint teams_pk primary key (id),
    constraint teams_name_not_blank check (length(trim(name)) > 0)
);

-- "Research" and "research" are the same team to people reading a list.
create unique index teams_name_lower_key on teams (lower(name));

create table team_members (
    id        bigint generated always as identity,
    team_id   bigint not null,
    user_id   bigint not null,
    joined_at timestamp(6) with time zone not null,
    constraint team_members_pk primary key (id),
    constraint team_members_team_fk foreign key (team_id) references teams (id) on delete cascade,
    constraint team_members_user_fk foreign key (user_id) references users (id) on delete cascade,
    constraint team_members_team_user_key unique (team_id, user_id)
);

-- "Which teams is this person in" (the unique key above already serves "who is in this team").
create index team_members_user_idx on team_members (user_id);
