-- Every call attempt, normalised. Times are epoch milliseconds, UTC. Numbers are E.164.
CREATE TABLE calls (
  id             INTEGER PRIMARY KEY,
  source         TEXT    NOT NULL,            -- ingest source name (--source, provider, file format)
  call_id        TEXT    NOT NULL,            -- the source's call id, or a hash of the record's fields
  start_ms       INTEGER NOT NULL,
  caller         TEXT    NOT NULL,            -- E.164 (+12125550123) or the raw value if not a number
  callee         TEXT    NOT NULL,
  caller_country TEXT,                        -- ISO 3166 alpha-2
  caller_npa     TEXT,                        -- NANP area code
  caller_state   TEXT,                        -- NANP state / province code
  callee_country TEXT,
  callee_npa     TEXT,
  callee_state   TEXT,
  callee_region  TEXT    NOT NULL,            -- analysis key: NANP area code ('512'), else the country ('GB'), else '??'
  route          TEXT    NOT NULL,            -- carrier / trunk / gateway; the source name when a format has none
  sip_code       INTEGER NOT NULL,            -- final SIP response, 100-699
  sip_reason     TEXT,                        -- reason phrase as received (carriers put the real cause here)
  q850_cause     INTEGER,
  duration_s     REAL,
  blocked        INTEGER NOT NULL DEFAULT 0,  -- 1 for refusals by policy: 403, 603 Network Blocked (603+), 607, 608
  campaign       TEXT,
  attestation    TEXT,                        -- STIR/SHAKEN A, B or C
  hangup_source  TEXT,
  pdd_ms         INTEGER,                     -- post-dial delay, where the source reports it
  progress_code  INTEGER,                     -- highest 18x seen before the final response, where known
  batch_id       INTEGER,
  UNIQUE (source, call_id)
);

-- Analysis reads one window at a time; the covering index lets a day's GROUP BY skip the table.
CREATE INDEX calls_by_time ON calls (start_ms, caller, route, sip_code, blocked, callee_region);
CREATE INDEX calls_by_caller ON calls (caller, start_ms);
CREATE INDEX calls_by_route ON calls (route, start_ms);
CREATE INDEX calls_by_region ON calls (callee_region, start_ms);

CREATE TABLE import_batches (
  id          INTEGER PRIMARY KEY,
  source      TEXT    NOT NULL,
  format      TEXT    NOT NULL,
  origin      TEXT    NOT NULL,               -- file path, '-' for stdin, 'api:<token name>', 'webhook:<provider>'
  started_ms  INTEGER NOT NULL,
  finished_ms INTEGER,
  read        INTEGER NOT NULL DEFAULT 0,
  stored      INTEGER NOT NULL DEFAULT 0,
  duplicates  INTEGER NOT NULL DEFAULT 0,
  rejected    INTEGER NOT NULL DEFAULT 0,
  status      TEXT    NOT NULL DEFAULT 'running' -- running | done | failed
);

CREATE TABLE rejects (
  id          INTEGER PRIMARY KEY,
  batch_id    INTEGER REFERENCES import_batches (id),
  origin      TEXT    NOT NULL,
  line        INTEGER NOT NULL,
  error       TEXT    NOT NULL,
  raw         TEXT    NOT NULL,               -- the record as read, cut to 2000 characters
  created_ms  INTEGER NOT NULL,
  UNIQUE (origin, line, raw)
);
CREATE INDEX rejects_by_time ON rejects (created_ms);
