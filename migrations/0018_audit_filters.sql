-- Lotkeeper schema: indexes for the Audit log screen's filters (who, what, when), each read newest first by seq.
-- The subject already has its index (0008). Nothing hashed changes: indexes only.
-- Frozen once merged: change the schema with a new numbered file.
CREATE INDEX audit_log_actor ON audit_log(actor, seq);
CREATE INDEX audit_log_action ON audit_log(action, seq);
CREATE INDEX audit_log_at ON audit_log(at);
