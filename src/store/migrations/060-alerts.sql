-- Alerts between digests. Evaluation reads minute and hour tallies folded from
-- calls by rowid (alert_fold.last_call_id), so a tick reads a few thousand tally rows instead of
-- the last hour's calls, and the baseline (the same hours on previous days) reads hour rows.
-- kind: a (account, subject '*'), r (route), n (caller number), g (destination region);
-- crosses for hold-back: nr (number on route, subject 'caller<TAB>route'), gr (region on route),
-- ng (number into region).
CREATE TABLE alert_minutes (
  kind      TEXT    NOT NULL,
  subject   TEXT    NOT NULL,
  minute_ms INTEGER NOT NULL,
  calls     INTEGER NOT NULL,
  blocked   INTEGER NOT NULL,
  PRIMARY KEY (kind, subject, minute_ms)
) WITHOUT ROWID;
CREATE INDEX alert_minutes_by_time ON alert_minutes (minute_ms);

CREATE TABLE alert_hours (
  kind    TEXT    NOT NULL,
  subject TEXT    NOT NULL,
  hour_ms INTEGER NOT NULL,
  calls   INTEGER NOT NULL,
  blocked INTEGER NOT NULL,
  PRIMARY KEY (kind, subject, hour_ms)
) WITHOUT ROWID;

-- How far calls have been folded into the tallies, and the last evaluated step: a step is
-- evaluated in the same transaction that moves last_step_ms, so it runs once across restarts
-- and processes, and catch-up after downtime evaluates each missed step once.
CREATE TABLE alert_fold (
  id           INTEGER PRIMARY KEY CHECK (id = 1),
  last_call_id INTEGER NOT NULL,
  last_step_ms INTEGER
);
INSERT INTO alert_fold (id, last_call_id, last_step_ms) VALUES (1, 0, NULL);

CREATE TABLE alerts (
  id                INTEGER PRIMARY KEY,
  kind              TEXT    NOT NULL,        -- account | route | number | region
  subject           TEXT    NOT NULL,
  verdict           TEXT    NOT NULL,
  state             TEXT    NOT NULL,        -- pending | firing | acknowledged | snoozed | resolved
  since_ms          INTEGER NOT NULL,        -- start of the first elevated step's short window
  pending_ms        INTEGER NOT NULL,        -- first step it was elevated at
  fired_ms          INTEGER,
  elevated_steps    INTEGER NOT NULL DEFAULT 1,
  quiet_steps       INTEGER NOT NULL DEFAULT 0,
  calls             INTEGER NOT NULL,        -- short window, at the last elevated step
  blocked           INTEGER NOT NULL,
  baseline_rate     REAL    NOT NULL,
  long_calls        INTEGER NOT NULL,
  long_blocked      INTEGER NOT NULL,
  peak_rate         REAL    NOT NULL,
  routes            TEXT    NOT NULL DEFAULT '[]', -- JSON: routes the refusals came on
  acked_by          TEXT,
  acked_ms          INTEGER,
  snoozed_until_ms  INTEGER,
  resolved_ms       INTEGER,
  resolved_by       TEXT,
  resolve_reason    TEXT,                    -- manual | recovered
  updated_ms        INTEGER NOT NULL
);
-- At most one open alert per subject.
CREATE UNIQUE INDEX alerts_open ON alerts (kind, subject) WHERE state <> 'resolved';
CREATE INDEX alerts_by_state ON alerts (state, updated_ms);

-- Every state change, for the thread replies, the PagerDuty events and the audit trail.
CREATE TABLE alert_events (
  id       INTEGER PRIMARY KEY,
  alert_id INTEGER NOT NULL REFERENCES alerts (id),
  at_ms    INTEGER NOT NULL,
  kind     TEXT    NOT NULL,                 -- fired | acknowledged | snoozed | unsnoozed | resolved | recovered
  by_user  TEXT,
  detail   TEXT
);
CREATE INDEX alert_events_by_alert ON alert_events (alert_id, id);

-- Where each alert went (a subscribed channel) and, once posted, its message.
CREATE TABLE alert_posts (
  alert_id   INTEGER NOT NULL REFERENCES alerts (id),
  target     TEXT    NOT NULL,               -- 'slack:C123'
  message_id TEXT,
  not_before_ms INTEGER NOT NULL,            -- end of the channel's quiet hours when it fired in them
  PRIMARY KEY (alert_id, target)
);

-- One alert subscription per channel.
CREATE TABLE alert_subscriptions (
  id           INTEGER PRIMARY KEY,
  platform     TEXT    NOT NULL,
  channel_id   TEXT    NOT NULL,
  filter_kind  TEXT,                         -- route | number | NULL (all)
  filter_value TEXT,
  quiet_from   TEXT,                         -- HH:MM in time_zone
  quiet_to     TEXT,
  time_zone    TEXT    NOT NULL,
  created_by   TEXT    NOT NULL,
  created_ms   INTEGER NOT NULL,
  UNIQUE (platform, channel_id)
);
