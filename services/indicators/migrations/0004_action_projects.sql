-- atlas-indicators: actions linked to registry projects (issue 20, item 2).
-- `registry_projects` is a read model fed by atlas.registry.project.* events
-- (durable consumer indicators-projects): each project's public version —
-- title, activity status, organisation, demo flag — or none (never published,
-- or archived). `seq`: the stream sequence of the event that wrote the row,
-- so an older or redelivered event never goes back in time. Analysts link
-- actions to projects (`action_projects`).
CREATE TABLE registry_projects (
  project       text PRIMARY KEY,
  public        boolean NOT NULL,
  title         jsonb NOT NULL DEFAULT '{}',
  status        text NOT NULL DEFAULT '',
  organisation  text NOT NULL DEFAULT '',
  demo          boolean NOT NULL DEFAULT false,
  seq           bigint NOT NULL
);

CREATE TABLE action_projects (
  action_id  text NOT NULL REFERENCES actions (id),
  project    text NOT NULL,
  linked_by  text NOT NULL,
  linked_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (action_id, project)
);
CREATE INDEX ON action_projects (project);
