-- The sources linked to audit entries are evidence too: refuse UPDATE and DELETE, as for audit_log.
CREATE OR REPLACE FUNCTION audit_sources_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_sources is append-only';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER audit_sources_append_only BEFORE UPDATE OR DELETE ON audit_sources
  FOR EACH ROW EXECUTE FUNCTION audit_sources_refuse_change();
