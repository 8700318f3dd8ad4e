-- A call attempt's identity is its source, its call id and what tells that call's attempts apart
-- (`attempt`: an Asterisk row's dstchannel, a forked acc branch's destination; '' where the id is
-- per attempt already). UNIQUE (source, call_id) made failovers and forked branches duplicates.
-- SQLite cannot drop a table constraint, so the table is rebuilt; ids are kept (rollups follow
-- calls.id). Rows stored before have attempt '': calls.ts matches a re-ingested attempt to them.
CREATE TABLE calls_v2 (
  id             INTEGER PRIMARY KEY,
  source         TEXT    NOT NULL,
  call_id        TEXT    NOT NULL,            -- the source's call id (never cut), or a hash of the record's fields
  attempt        TEXT    NOT NULL DEFAULT '', -- what tells this call's attempts apart; '' when nothing needs to
  start_ms       INTEGER NOT NULL,
  caller         TEXT    NOT NULL,
  callee         TEXT    NOT NULL,
  caller_country TEXT,
  caller_npa     TEXT,
  caller_state   TEXT,
  callee_country TEXT,
  callee_npa     TEXT,
  callee_state   TEXT,
  callee_region  TEXT    NOT NULL,
  route          TEXT    NOT NULL,
  sip_code       INTEGER NOT NULL,
  sip_reason     TEXT,
  q850_cause     INTEGER,
  duration_s     REAL,
  blocked        INTEGER NOT NULL DEFAULT 0,
  campaign       TEXT,
  attestation    TEXT,
  hangup_source  TEXT,
  pdd_ms         INTEGER,
  progress_code  INTEGER,
  batch_id       INTEGER,
  UNIQUE (source, call_id, attempt)
);
INSERT INTO calls_v2 (id, source, call_id, start_ms, caller, callee, caller_country, caller_npa, caller_state,
  callee_country, callee_npa, callee_state, callee_region, route, sip_code, sip_reason, q850_cause, duration_s,
  blocked, campaign, attestation, hangup_source, pdd_ms, progress_code, batch_id)
SELECT id, source, call_id, start_ms, caller, callee, caller_country, caller_npa, caller_state,
  callee_country, callee_npa, callee_state, callee_region, route, sip_code, sip_reason, q850_cause, duration_s,
  blocked, campaign, attestation, hangup_source, pdd_ms, progress_code, batch_id FROM calls;
DROP TABLE calls;
ALTER TABLE calls_v2 RENAME TO calls;
CREATE INDEX calls_by_time ON calls (start_ms, caller, route, sip_code, blocked, callee_region);
CREATE INDEX calls_by_caller ON calls (caller, start_ms);
CREATE INDEX calls_by_route ON calls (route, start_ms);
CREATE INDEX calls_by_region ON calls (callee_region, start_ms);
CREATE INDEX calls_by_code ON calls (sip_code, start_ms, caller, route, callee_region);

-- The highest call id stored before attempts were told apart (0 on a new database).
CREATE TABLE calls_before_attempts (max_id INTEGER NOT NULL);
INSERT INTO calls_before_attempts SELECT coalesce(max(id), 0) FROM calls;

-- Imports killed mid-file stay 'running'; the process id lets the next start mark them interrupted.
ALTER TABLE import_batches ADD COLUMN pid INTEGER;
