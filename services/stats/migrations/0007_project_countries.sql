-- The registry's public projects by diaspora country (issue 19, item 8): a
-- read model fed by atlas.registry.project.* events (durable consumer
-- stats-projects). One row per project: its public version's diaspora
-- countries and activity status; `public` false once it has none (never
-- published, or archived). `seq`: the stream sequence of the event that
-- wrote it, so a redelivered or older event never goes back in time.
CREATE TABLE project_countries (
  project    text PRIMARY KEY,
  public     boolean NOT NULL,
  countries  text[] NOT NULL DEFAULT '{}',
  status     text NOT NULL DEFAULT '',
  demo       boolean NOT NULL DEFAULT false,
  seq        bigint NOT NULL
);
