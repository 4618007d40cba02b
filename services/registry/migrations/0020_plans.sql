-- The co-construction workspace (issue 24, part 3): joint action plans shared
-- between member organisations. The plan is proto3 JSON
-- (atlas.registry.v1.Plan without name, etag, times and the caller's role);
-- every revision is kept whole with the fields it changed (the history, and
-- GetPlan at an earlier revision). Members are copied out for the access
-- rule (a plan is read by its members' people and the ministry's staff).
CREATE TABLE plans (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  request_id   text UNIQUE,
  doc          jsonb NOT NULL,
  members      text[] NOT NULL,
  revision     bigint NOT NULL DEFAULT 1,
  created_by   text NOT NULL,
  updated_by   text NOT NULL,
  create_time  timestamptz NOT NULL DEFAULT now(),
  update_time  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX plans_members_idx ON plans USING gin (members);

CREATE TABLE plan_revisions (
  plan_id     uuid NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  revision    bigint NOT NULL,
  doc         jsonb NOT NULL,
  actor       text NOT NULL,
  changed     text[] NOT NULL,
  details     text[] NOT NULL,
  time        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (plan_id, revision)
);

-- The discussion of each activity (an activity id of the plan's document).
CREATE TABLE plan_comments (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  plan_id              uuid NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  request_id           text UNIQUE,
  activity             text NOT NULL,
  text                 text NOT NULL,
  mentions             text[] NOT NULL,
  author               text NOT NULL,
  author_name          text NOT NULL,
  author_organisation  text NOT NULL,
  create_time          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX plan_comments_plan_idx ON plan_comments (plan_id, create_time);

-- Each activity's due notice, once per end date (a replica that loses the
-- insert's race announces nothing).
CREATE TABLE plan_due_notices (
  plan_id   uuid NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  activity  text NOT NULL,
  end_date  date NOT NULL,
  PRIMARY KEY (plan_id, activity, end_date)
);

-- The organisations with an account on the platform, as the gateway's
-- identity announces them (atlas.audit.organisation.created, durable
-- consumer registry-organisations): plan members must be one of them. The
-- ministry exists in every installation (the gateway's first migration).
CREATE TABLE known_organisations (
  id           text PRIMARY KEY,
  create_time  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO known_organisations (id) VALUES ('ministry');
