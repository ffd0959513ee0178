-- The embedded store's record. Claims and entities exist while some source supports them.
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sources (
  source TEXT PRIMARY KEY, content_hash TEXT NOT NULL, loader TEXT NOT NULL, loaded_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
  id TEXT NOT NULL, source TEXT NOT NULL, data TEXT NOT NULL, text TEXT,
  PRIMARY KEY (id, source));
-- one row per (entity, source): what that source says of the entity; `entities` is their merge
CREATE TABLE IF NOT EXISTS entity_records (
  entity_id TEXT NOT NULL, source TEXT NOT NULL, data TEXT NOT NULL, PRIMARY KEY (entity_id, source));
CREATE INDEX IF NOT EXISTS entity_records_source ON entity_records (source);
CREATE TABLE IF NOT EXISTS entities (
  id TEXT PRIMARY KEY, type TEXT NOT NULL, name TEXT NOT NULL, jurisdiction TEXT, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS entities_type ON entities (type, jurisdiction);
CREATE TABLE IF NOT EXISTS claims (
  id TEXT PRIMARY KEY, subject TEXT NOT NULL, predicate TEXT NOT NULL, object TEXT, issue TEXT,
  jurisdiction TEXT, mode TEXT, basis TEXT, status TEXT, negated INTEGER NOT NULL, attributed_to TEXT,
  role TEXT, what TEXT, since TEXT, until TEXT);
-- the direct reads of a store opened for one question (graph/store/sqlite.py READ_INDEXES)
CREATE INDEX IF NOT EXISTS claims_slice ON claims (jurisdiction, issue);
CREATE INDEX IF NOT EXISTS claims_subject ON claims (subject);
CREATE INDEX IF NOT EXISTS claims_object ON claims (object);
CREATE INDEX IF NOT EXISTS claims_issue ON claims (issue);
CREATE TABLE IF NOT EXISTS evidence (
  id TEXT NOT NULL, claim_id TEXT NOT NULL, source TEXT NOT NULL, document TEXT NOT NULL,
  start INTEGER, "end" INTEGER, quote TEXT, rule TEXT NOT NULL, confidence REAL NOT NULL,
  review TEXT NOT NULL, PRIMARY KEY (claim_id, id));
CREATE INDEX IF NOT EXISTS evidence_source ON evidence (source);
CREATE INDEX IF NOT EXISTS evidence_document ON evidence (document);
-- review decisions, kept apart from extracted evidence so they survive re-ingest
CREATE TABLE IF NOT EXISTS reviews (
  claim_id TEXT PRIMARY KEY, state TEXT NOT NULL, reviewer TEXT, comment TEXT, at TEXT NOT NULL);
-- every review decision, oldest first; `reviews` holds the current state of each claim
CREATE TABLE IF NOT EXISTS review_log (
  claim_id TEXT NOT NULL, state TEXT NOT NULL, reviewer TEXT, comment TEXT, at TEXT NOT NULL, corrected_to TEXT);
CREATE INDEX IF NOT EXISTS review_log_claim ON review_log (claim_id);
-- policy areas a user added to this workspace (ansvar taxonomy add), laid over data/taxonomy.yaml
CREATE TABLE IF NOT EXISTS taxonomy (
  id TEXT PRIMARY KEY, position INTEGER NOT NULL, data TEXT NOT NULL, file TEXT NOT NULL, added_at TEXT NOT NULL);
