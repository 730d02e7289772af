-- crmgov PostgreSQL schema, version 1.
-- One table per record kind (crmgov.storage.tables.RECORD_TABLES): the record's document in
-- `doc` (its exact JSON text as the file stores it, without its id), plus real columns generated from it
-- for what is filtered or joined (always equal to the document, never written apart).

-- The schema version; `crmgov db upgrade` sets it after each migration file.
CREATE TABLE IF NOT EXISTS crmgov_schema (version integer NOT NULL);
INSERT INTO crmgov_schema SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM crmgov_schema);

-- The JSON file's `_meta` document (its schema version, audit_seq, last_ids), kept as
-- text so that `crmgov db pull` writes it back byte for byte.
CREATE TABLE file_meta (id integer PRIMARY KEY CHECK (id = 1), doc json NOT NULL);
-- The single project record; writers lock this row (SELECT ... FOR UPDATE) for the
-- whole transaction of a use case.
CREATE TABLE project (id integer PRIMARY KEY CHECK (id = 1), doc json NOT NULL);

-- The audit trail: the same hash chain as the file's NAME.audit.jsonl, each event kept
-- as the exact text of its line; appended in the same transaction as the change.
CREATE TABLE audit_events (
    seq bigint PRIMARY KEY,
    prev_hash text NOT NULL,
    hash text NOT NULL,
    event json NOT NULL
);

CREATE TABLE "phases" (
    id bigint PRIMARY KEY,
    doc json NOT NULL,
    status text GENERATED ALWAYS AS (doc->>'status') STORED
);
CREATE TABLE "staff" (
    id bigint PRIMARY KEY,
    doc json NOT NULL
);
CREATE TABLE "sops" (
    id bigint PRIMARY KEY,
    doc json NOT NULL
);
CREATE TABLE "quiz_attempts" (
    id bigint PRIMARY KEY,
    doc json NOT NULL,
    staff_id bigint GENERATED ALWAYS AS ((doc->>'staff_id')::bigint) STORED,
    status text GENERATED ALWAYS AS (doc->>'status') STORED
);
CREATE INDEX "quiz_attempts_staff_id" ON "quiz_attempts" (staff_id);
CREATE TABLE "certifications" (
    id bigint PRIMARY KEY,
    doc json NOT NULL,
    staff_id bigint GENERATED ALWAYS AS ((doc->>'staff_id')::bigint) STORED,
    expires_on text GENERATED ALWAYS AS (doc->>'expires_on') STORED
);
CREATE INDEX "certifications_staff_id" ON "certifications" (staff_id);
CREATE TABLE "spot_checks" (
    id bigint PRIMARY KEY,
    doc json NOT NULL
);
CREATE TABLE "spotcheck_plans" (
    id bigint PRIMARY KEY,
    doc json NOT NULL
);
CREATE TABLE "questions" (
    id bigint PRIMARY KEY,
    doc json NOT NULL
);
CREATE TABLE "quizzes" (
    id bigint PRIMARY KEY,
    doc json NOT NULL
);
CREATE TABLE "training" (
    id bigint PRIMARY KEY,
    doc json NOT NULL
);
CREATE TABLE "issues" (
    id bigint PRIMARY KEY,
    doc json NOT NULL,
    status text GENERATED ALWAYS AS (doc->>'status') STORED,
    urgency text GENERATED ALWAYS AS (doc->>'urgency') STORED,
    owner text GENERATED ALWAYS AS (doc->>'owner') STORED,
    phase_id bigint GENERATED ALWAYS AS ((doc->>'phase_id')::bigint) STORED,
    sop_id bigint GENERATED ALWAYS AS ((doc->>'sop_id')::bigint) STORED,
    created_at text GENERATED ALWAYS AS (doc->>'created_at') STORED
);
CREATE INDEX "issues_status" ON "issues" (status);
CREATE INDEX "issues_owner" ON "issues" (owner);
CREATE INDEX "issues_phase_id" ON "issues" (phase_id);
CREATE TABLE "plan" (
    id bigint PRIMARY KEY,
    doc json NOT NULL,
    status text GENERATED ALWAYS AS (doc->>'status') STORED,
    owner text GENERATED ALWAYS AS (doc->>'owner') STORED
);
CREATE INDEX "plan_status" ON "plan" (status);
CREATE INDEX "plan_owner" ON "plan" (owner);
CREATE TABLE "plan_review" (
    id bigint PRIMARY KEY,
    doc json NOT NULL
);
CREATE TABLE "owner_readiness" (
    id bigint PRIMARY KEY,
    doc json NOT NULL
);
CREATE TABLE "data_quality" (
    id bigint PRIMARY KEY,
    doc json NOT NULL
);
CREATE TABLE "quality_runs" (
    id bigint PRIMARY KEY,
    doc json NOT NULL
);
CREATE TABLE "quality_decisions" (
    id bigint PRIMARY KEY,
    doc json NOT NULL
);
CREATE TABLE "quality_links" (
    id bigint PRIMARY KEY,
    doc json NOT NULL
);
CREATE TABLE "handover" (
    id bigint PRIMARY KEY,
    doc json NOT NULL
);
CREATE TABLE "invitations" (
    id bigint PRIMARY KEY,
    doc json NOT NULL
);
