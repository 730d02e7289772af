-- crmgov PostgreSQL schema, version 2: the issue columns that similar-issue search and
-- `crmgov issue list` read (issue 23's speed goals), so that neither parses 100k documents.
-- Generated from the document like every real column: always equal to it.
ALTER TABLE "issues"
    ADD COLUMN category text GENERATED ALWAYS AS (doc->>'category') STORED,
    ADD COLUMN title text GENERATED ALWAYS AS (doc->>'title') STORED,
    ADD COLUMN description text GENERATED ALWAYS AS (doc->>'description') STORED,
    ADD COLUMN requester text GENERATED ALWAYS AS (doc->>'requester') STORED,
    ADD COLUMN recurring boolean GENERATED ALWAYS AS ((doc->>'recurring')::boolean) STORED,
    ADD COLUMN preventive_action text GENERATED ALWAYS AS (doc->>'preventive_action') STORED,
    -- The transitions that start or stop the SLA clock (domain.issues.sla.CLOCK_STEPS),
    -- in their order: most issues have none, so a listing reads a few bytes, not all.
    ADD COLUMN clock_steps jsonb GENERATED ALWAYS AS (jsonb_path_query_array(
        doc::jsonb,
        '$.transitions[*] ? (@.status == "reopened" || @.status == "resolved" || @.status == "closed")'
    )) STORED;
CREATE INDEX "issues_category" ON "issues" (category);
