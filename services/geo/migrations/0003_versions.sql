-- One row per version of a project a viewer can be shown, as in the
-- registry's search (issue 4): published = true is the public version (for
-- everyone), false the working copy (for the owning organisation and for
-- validators, analysts and admins). A viewer who sees the working copy gets
-- that row, everyone else the public one.
ALTER TABLE project_locations DROP CONSTRAINT project_locations_pkey;
ALTER TABLE project_locations ADD PRIMARY KEY (project, published);
