-- The people of the platform as the co-construction plans' discussions need
-- them: a mention of @handle tells that person when their organisation is a
-- member of the plan. A read model of the gateway's atlas.audit.user.*
-- (durable consumer registry-users): created, moved to another organisation,
-- disabled.
CREATE TABLE known_users (
  username      text PRIMARY KEY,
  account       text NOT NULL UNIQUE,  -- users/{id}: what later events name
  organisation  text NOT NULL,
  disabled      boolean NOT NULL DEFAULT false
);
