"""Every Cypher statement of the store, written once in the subset Neo4j 5 and FalkorDB share.

Only parameters carry values. Writes are ``UNWIND $rows AS row MERGE …`` in batches
(nodes first, then the SUPPORTS relationships); reads are single statements on indexed
properties. No ``EXISTS {}`` subqueries, no APOC, no dynamic labels: what both run.
"""

from __future__ import annotations

from graph.store.base import CLAIM_COLUMNS

CLAIM_RETURN = ", ".join(f"c.{f}" for f in CLAIM_COLUMNS)
EVIDENCE_RETURN = "e.claim_id, e.source, e.document, e.span_start, e.span_end, e.quote, e.rule, e.confidence, e.review"

# -- writing a source ----------------------------------------------------------------------
SOURCE_CLAIMS = "MATCH (e:Evidence {source: $source}) RETURN DISTINCT e.claim_id"
SOURCE_RECORDS = "MATCH (r:EntityRecord {source: $source}) RETURN r.entity_id, r.data"
DELETE_SOURCE_EVIDENCE = "MATCH (e:Evidence {source: $source}) DETACH DELETE e"
DELETE_SOURCE_RECORDS = "MATCH (r:EntityRecord {source: $source}) DELETE r"
DELETE_SOURCE_DOCUMENTS = "MATCH (d:Document {source: $source}) DELETE d"
DELETE_SOURCE = "MATCH (s:Source {source: $source}) DELETE s"
UPSERT_DOCUMENTS = "UNWIND $rows AS row MERGE (d:Document {key: row.key}) SET d = row"
UPSERT_RECORDS = "UNWIND $rows AS row MERGE (r:EntityRecord {key: row.key}) SET r = row"
UPSERT_CLAIMS = "UNWIND $rows AS row MERGE (c:Claim {id: row.id}) SET c = row"
UPSERT_EVIDENCE = "UNWIND $rows AS row MERGE (e:Evidence {key: row.key}) SET e = row"
LINK_EVIDENCE = (
    "UNWIND $rows AS row MATCH (e:Evidence {key: row.key}) MATCH (c:Claim {id: row.claim_id}) "
    "MERGE (e)-[:SUPPORTS]->(c)"
)
BARE_CLAIMS = (
    "UNWIND $ids AS id MATCH (c:Claim {id: id}) OPTIONAL MATCH (e:Evidence {claim_id: id}) "
    "WITH c, count(e) AS n WHERE n = 0 RETURN c.id"
)
DELETE_CLAIMS = "UNWIND $ids AS id MATCH (c:Claim {id: id}) DETACH DELETE c"
LATER_RECORDS = (
    "UNWIND $ids AS id MATCH (r:EntityRecord {entity_id: id}) WHERE r.source > $source RETURN DISTINCT r.entity_id"
)
RECORDS_OF = "UNWIND $ids AS id MATCH (r:EntityRecord {entity_id: id}) RETURN r.entity_id, r.source, r.data"
EXISTING_ENTITIES = "UNWIND $ids AS id MATCH (n:Entity {id: id}) RETURN n.id"
DELETE_ENTITIES = "UNWIND $ids AS id MATCH (n:Entity {id: id}) DELETE n"
UPSERT_ENTITIES = "UNWIND $rows AS row MERGE (n:Entity {id: row.id}) SET n = row"
UPSERT_SOURCE = (
    "MERGE (s:Source {source: $source}) SET s.content_hash = $content_hash, s.loader = $loader, "
    "s.loaded_at = $loaded_at"
)
BUMP_GENERATION = "MERGE (m:Meta {key: 'generation'}) SET m.value = coalesce(m.value, 0) + 1 RETURN m.value"
GENERATION = "MATCH (m:Meta {key: 'generation'}) RETURN m.value"
NEXT_REVIEW_SEQ = "MERGE (m:Meta {key: 'review_seq'}) SET m.value = coalesce(m.value, 0) + $n RETURN m.value"
UPSERT_REVIEWS = "UNWIND $rows AS row MERGE (r:Review {claim_id: row.claim_id}) SET r = row"
CREATE_REVIEW_LOG = "UNWIND $rows AS row CREATE (l:ReviewLog) SET l = row"
UPSERT_TAXONOMY = "UNWIND $rows AS row MERGE (t:TaxonomyArea {id: row.id}) SET t = row"
TAXONOMY_AREAS = "MATCH (t:TaxonomyArea) RETURN t.id, t.position, t.data, t.file, t.added_at ORDER BY t.position"

# -- records ------------------------------------------------------------------------------
ENTITY = "MATCH (n:Entity {id: $id}) RETURN n.data"
ENTITIES_BY_ID = "UNWIND $ids AS id MATCH (n:Entity {id: id}) RETURN n.id, n.data"
ENTITY_FILTERS = {
    "type": "n.type = $type",
    "jurisdiction": "n.jurisdiction = $jurisdiction",
    "q": "(toLower(n.name) CONTAINS $q OR toLower(n.id) CONTAINS $q OR toLower(n.data) CONTAINS $q)",
}
EVIDENCE_OF = f"UNWIND $ids AS id MATCH (e:Evidence {{claim_id: id}}) RETURN {EVIDENCE_RETURN}"
DOCUMENT_EVIDENCE = f"MATCH (e:Evidence {{document: $id}}) RETURN {EVIDENCE_RETURN}"
DOCUMENT = "MATCH (d:Document {id: $id}) RETURN d.source, d.data, d.text"
DOCUMENTS_BY_ID = "UNWIND $ids AS id MATCH (d:Document {id: id}) RETURN d.id, d.data"
ALL_DOCUMENTS = "MATCH (d:Document) RETURN d.id, d.data"
SOURCES = "MATCH (s:Source) RETURN s.source, s.content_hash, s.loader, s.loaded_at ORDER BY s.source"
SOURCE_DOCUMENTS = "MATCH (d:Document {source: $source}) RETURN d.id"
SOURCE_CLAIM_COUNT = "MATCH (e:Evidence {source: $source}) RETURN count(DISTINCT e.claim_id)"
COUNT = {
    "entities": "MATCH (n:Entity) RETURN count(n)",
    "claims": "MATCH (c:Claim) RETURN count(c)",
    "evidence": "MATCH (e:Evidence) RETURN count(e)",
    "documents": "MATCH (d:Document) RETURN count(DISTINCT d.id)",
    "sources": "MATCH (s:Source) RETURN count(s)",
    "jurisdictions": "MATCH (c:Claim) WHERE c.jurisdiction IS NOT NULL RETURN count(DISTINCT c.jurisdiction)",
}
ENTITY_PAGE = "MATCH (n:Entity) WHERE n.id > $after RETURN n.id, n.data ORDER BY n.id LIMIT $limit"
CLAIM_PAGE = f"MATCH (c:Claim) WHERE c.id > $after RETURN {CLAIM_RETURN} ORDER BY c.id LIMIT $limit"
CLAIM = f"MATCH (c:Claim {{id: $id}}) RETURN {CLAIM_RETURN}"
CLAIMS_BY_ID = f"UNWIND $ids AS id MATCH (c:Claim {{id: id}}) RETURN {CLAIM_RETURN}"
REVIEW_STATES = "UNWIND $ids AS id MATCH (r:Review {claim_id: id}) RETURN r.claim_id, r.state"
ALL_REVIEW_STATES = "MATCH (r:Review) RETURN r.claim_id, r.state"
REVIEW_LOG = (
    "UNWIND $ids AS id MATCH (l:ReviewLog {claim_id: id}) "
    "RETURN l.claim_id, l.state, l.reviewer, l.comment, l.at, l.corrected_to, l.seq"
)
ALL_REVIEW_LOG = "MATCH (l:ReviewLog) RETURN l.claim_id, l.state, l.reviewer, l.comment, l.at, l.corrected_to, l.seq"

# -- the bulk reads the in-memory index is built from ---------------------------------------
INDEX_ENTITIES = "MATCH (n:Entity) RETURN n.id, n.type, n.name, n.jurisdiction"
INDEX_CLAIMS = f"MATCH (c:Claim) RETURN {CLAIM_RETURN}"

# -- per-source records (push/pull) ----------------------------------------------------------
SOURCE_DOCUMENT_RECORDS = "MATCH (d:Document {source: $source}) RETURN d.data, d.text"
SOURCE_ENTITY_RECORDS = "MATCH (r:EntityRecord {source: $source}) RETURN r.data"
SOURCE_EVIDENCE = f"MATCH (e:Evidence {{source: $source}}) RETURN {EVIDENCE_RETURN}"

# -- emptying ----------------------------------------------------------------------------------
DELETE_LABEL_BATCH = "MATCH (n:{label}) WITH n LIMIT $limit DETACH DELETE n RETURN count(*)"

# -- slice reads straight from the database (CypherStore(indexed=False)) --------------------
SLICE = f"MATCH (c:Claim) WHERE c.jurisdiction = $jurisdiction AND c.issue IN $issues RETURN {CLAIM_RETURN}"
SLICE_KEYS_MATCH = "MATCH (c:Claim) WHERE c.jurisdiction IS NOT NULL AND c.issue IS NOT NULL"
CLAIMS_FROM = (
    f"MATCH (c:Claim {{subject: $id}}) WHERE c.object IS NOT NULL OR c.issue IS NOT NULL RETURN {CLAIM_RETURN}"
)
CLAIMS_TO_OBJECT = f"MATCH (c:Claim {{object: $id}}) RETURN {CLAIM_RETURN}"
CLAIMS_TO_ISSUE = f"MATCH (c:Claim {{issue: $id}}) WHERE c.object IS NULL RETURN {CLAIM_RETURN}"
STRUCTURE_FROM = (
    f"MATCH (c:Claim {{subject: $id}}) WHERE c.predicate IN ['part_of', 'holds_role'] "
    f"AND c.object IS NOT NULL RETURN {CLAIM_RETURN}"
)
DECLARED_JURISDICTIONS = "MATCH (n:Entity {type: 'jurisdiction'}) RETURN n.id"
USED_JURISDICTIONS = (
    "MATCH (c:Claim) WHERE c.jurisdiction IS NOT NULL AND c.issue IS NOT NULL RETURN DISTINCT c.jurisdiction"
)


def with_review(statement: str) -> str:
    """A claim read that also returns the claim's review state (null when never reviewed).

    >>> with_review("MATCH (c:Claim {id: $id}) RETURN c.id")
    'MATCH (c:Claim {id: $id}) OPTIONAL MATCH (r:Review {claim_id: c.id}) RETURN c.id, r.state'
    """
    head, tail = statement.rsplit(" RETURN ", 1)
    return f"{head} OPTIONAL MATCH (r:Review {{claim_id: c.id}}) RETURN {tail}, r.state"
