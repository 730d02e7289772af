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
    ADD COLUMN transitions json GENERATED ALWAYS AS (doc->'transitions') STORED;
CREATE INDEX "issues_category" ON "issues" (category);
