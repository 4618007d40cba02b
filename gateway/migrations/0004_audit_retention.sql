-- Retention of the audit log (issue 17): rows stay append-only — no UPDATE,
-- no TRUNCATE, no DELETE of anything younger than 30 days, whoever asks —
-- but the gateway's expiry job (identity::ExpireAuditEntries) may remove
-- older rows past their kind's retention, inside a transaction that says so
-- (SET LOCAL atlas.audit_expiry = 'on'). The floor keeps recent tracks out of
-- reach even of someone holding the gateway's database role.
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('atlas.audit_expiry', true) = 'on'
     AND OLD.create_time < now() - interval '30 days' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only';
END $$;
-- Serves the expiry's scans by kind and age.
CREATE INDEX audit_log_kind_time_idx ON audit_log (kind, create_time);
