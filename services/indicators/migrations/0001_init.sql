-- atlas-indicators: LOF 130-13 budget programmes (walking-skeleton subset).
CREATE TABLE programmes (
  seq       bigserial NOT NULL UNIQUE,   -- ListProgrammes keyset (unique index)
  id        text PRIMARY KEY,
  code      text NOT NULL UNIQUE,        -- programme code in the finance law
  title_fr  text NOT NULL,
  title_ar  text NOT NULL DEFAULT '',
  title_en  text NOT NULL DEFAULT '',
  demo      boolean NOT NULL DEFAULT false  -- generated demonstration data
);
