-- Redress signals a refusal carries (issue 16). The full Reason header (RFC 3326; the ATIS-1000099
-- 603+ text AVPs inside it decoded beside it) and the RFC 8688 Call-Info of a 608, where a source
-- records them. Null where the source has none: absence is never read as "no notice".
ALTER TABLE calls ADD COLUMN reason_header TEXT;
ALTER TABLE calls ADD COLUMN call_info TEXT;
ALTER TABLE calls ADD COLUMN redress_v TEXT;         -- 'analytics1'
ALTER TABLE calls ADD COLUMN redress_url TEXT;
ALTER TABLE calls ADD COLUMN redress_tel TEXT;
ALTER TABLE calls ADD COLUMN redress_email TEXT;
ALTER TABLE calls ADD COLUMN redress_id TEXT;        -- the blocker's reference, quoted in a redress request
ALTER TABLE calls ADD COLUMN redress_location TEXT;  -- RFC 8606 location of the notice (LN, TN, RLN...)
ALTER TABLE calls ADD COLUMN redress_card TEXT;      -- 608 Call-Info purpose=jwscard URI

-- The business a redress request speaks for: kept once, edited from chat or the CLI.
CREATE TABLE business_profile (
  id            INTEGER PRIMARY KEY CHECK (id = 1),
  name          TEXT,
  address       TEXT,
  url           TEXT,
  contact_name  TEXT,
  contact_email TEXT,
  contact_phone TEXT,
  cnam          TEXT,
  purposes_json TEXT NOT NULL DEFAULT '{}',   -- campaign -> call purpose (First Orion's list)
  providers_json TEXT NOT NULL DEFAULT '{}',  -- route -> voice provider name
  updated_ms    INTEGER NOT NULL
);

-- One request to one engine for one number. sipbot prepares it; a person submits it and marks it.
CREATE TABLE redress_requests (
  id            INTEGER PRIMARY KEY,
  number        TEXT    NOT NULL,
  engine        TEXT    NOT NULL,
  status        TEXT    NOT NULL DEFAULT 'draft',  -- draft | submitted | resolved | rejected
  reference     TEXT,
  packet        TEXT    NOT NULL,                  -- what was prepared, as the person saw it
  created_ms    INTEGER NOT NULL,
  submitted_ms  INTEGER,
  closed_ms     INTEGER,
  created_by    TEXT,
  platform      TEXT,                              -- where it was asked for: follow-ups go there
  channel_id    TEXT,
  thread_id     TEXT,
  escalation_id INTEGER
);
CREATE INDEX redress_by_number ON redress_requests (number, created_ms);
CREATE INDEX redress_by_status ON redress_requests (status, submitted_ms);

-- The before/after measurements after 3, 7 and 14 days: one row each, claimed before posting.
CREATE TABLE redress_checks (
  request_id  INTEGER NOT NULL REFERENCES redress_requests (id),
  after_days  INTEGER NOT NULL,
  checked_ms  INTEGER NOT NULL,
  result_json TEXT    NOT NULL,
  posted_ms   INTEGER,
  PRIMARY KEY (request_id, after_days)
);
