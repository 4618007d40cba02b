-- Projects loaded by the demo loader before the record had its `demo` flag
-- (request ids demo-project-NNN) are demo data: label them.
UPDATE projects SET demo = true WHERE request_id LIKE 'demo-project-%' AND NOT demo;
