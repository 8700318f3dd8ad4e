-- The troubleshooting walkthroughs, escalations and the outbox that delivers their messages.
-- Times are epoch milliseconds, UTC.

CREATE TABLE walkthroughs (
  id          INTEGER PRIMARY KEY,
  platform    TEXT    NOT NULL,
  user_id     TEXT    NOT NULL,
  channel_id  TEXT    NOT NULL,
  subject     TEXT    NOT NULL,               -- '+12125550123', a route name, a region, or '*' (the account)
  status      TEXT    NOT NULL DEFAULT 'active', -- active | done | expired | abandoned
  state_json  TEXT    NOT NULL,               -- WalkState: current step, lean, transcript
  facts_json  TEXT    NOT NULL,               -- the data's answers, computed once at the start
  created_ms  INTEGER NOT NULL,
  updated_ms  INTEGER NOT NULL,
  expires_ms  INTEGER NOT NULL
);
-- One active walkthrough per user, channel and subject.
CREATE UNIQUE INDEX walkthroughs_one_active ON walkthroughs (platform, user_id, channel_id, subject) WHERE status = 'active';
CREATE INDEX walkthroughs_by_expiry ON walkthroughs (status, expires_ms);

CREATE TABLE escalations (
  id                 INTEGER PRIMARY KEY,
  subject            TEXT    NOT NULL,
  urgency            TEXT    NOT NULL,        -- low | normal | high | urgent
  note               TEXT,                    -- what was tried
  contact            TEXT,
  status             TEXT    NOT NULL DEFAULT 'open', -- open | acknowledged | assigned | resolved
  requester_platform TEXT    NOT NULL,
  requester_id       TEXT    NOT NULL,
  requester_name     TEXT,
  channel_id         TEXT    NOT NULL,
  thread_id          TEXT,
  team_id            TEXT,
  assignee_id        TEXT,
  assignee_name      TEXT,
  walkthrough_id     INTEGER REFERENCES walkthroughs (id),
  bundle_json        TEXT    NOT NULL,        -- the evidence, frozen at creation
  dedupe_key         TEXT    UNIQUE,          -- the platform's interaction id, when it gives one
  created_ms         INTEGER NOT NULL,
  updated_ms         INTEGER NOT NULL,
  acknowledged_ms    INTEGER,
  resolved_ms        INTEGER,
  reminders_sent     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX escalations_by_status ON escalations (status, created_ms);
CREATE INDEX escalations_by_requester ON escalations (requester_platform, requester_id, subject, created_ms);

-- The audit timeline: created, acknowledged, assigned, resolved, reminded.
CREATE TABLE escalation_events (
  id             INTEGER PRIMARY KEY,
  escalation_id  INTEGER NOT NULL REFERENCES escalations (id),
  kind           TEXT    NOT NULL,
  actor_platform TEXT,
  actor_id       TEXT,
  actor_name     TEXT,
  at_ms          INTEGER NOT NULL
);
CREATE INDEX escalation_events_by_escalation ON escalation_events (escalation_id, id);

-- Where an escalation was posted, so later status changes can update those messages in place.
CREATE TABLE escalation_posts (
  escalation_id INTEGER NOT NULL REFERENCES escalations (id),
  platform      TEXT    NOT NULL,
  channel_id    TEXT    NOT NULL,
  message_id    TEXT    NOT NULL,
  PRIMARY KEY (escalation_id, platform, channel_id)
);

-- Messages and webhooks waiting to go out. event_key is unique: an event is enqueued once and
-- marked sent once; delivery is retried with exponential back-off and survives restarts.
CREATE TABLE outbox (
  id              INTEGER PRIMARY KEY,
  event_key       TEXT    NOT NULL UNIQUE,
  kind            TEXT    NOT NULL,           -- chat.post | chat.update | webhook
  target          TEXT    NOT NULL,           -- 'slack:C123' / 'discord:123/thread' or the webhook URL
  payload         TEXT    NOT NULL,           -- JSON
  escalation_id   INTEGER REFERENCES escalations (id),
  created_ms      INTEGER NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_ms INTEGER NOT NULL,
  lease_until_ms  INTEGER,
  sent_ms         INTEGER,
  failed_ms       INTEGER,                    -- gave up (permanent error or too many attempts)
  last_error      TEXT
);
CREATE INDEX outbox_due ON outbox (next_attempt_ms) WHERE sent_ms IS NULL AND failed_ms IS NULL;

-- Members of Slack user groups named in SIPBOT_EXPERTS, refreshed by the escalation worker.
CREATE TABLE expert_group_members (
  group_id     TEXT    NOT NULL,
  user_id      TEXT    NOT NULL,
  refreshed_ms INTEGER NOT NULL,
  PRIMARY KEY (group_id, user_id)
);
