-- Chat adapters. Slack (and Discord) may deliver the same interaction twice: HTTP retries
-- (X-Slack-Retry-Num), Socket Mode retry_attempt, a reconnect. The first delivery claims its key;
-- later ones find it taken and perform no side effect.
CREATE TABLE interaction_keys (
  key        TEXT    PRIMARY KEY,   -- 'slack:event:Ev123', 'slack:cmd:<trigger_id>', 'discord:<interaction id>'
  platform   TEXT    NOT NULL,
  seen_ms    INTEGER NOT NULL
);
CREATE INDEX interaction_keys_by_time ON interaction_keys (seen_ms);

-- Button payloads too long for a Discord custom_id (100 chars): the button carries '~<id>'.
CREATE TABLE button_payloads (
  id         INTEGER PRIMARY KEY,
  action     TEXT    NOT NULL,
  value      TEXT    NOT NULL,
  created_ms INTEGER NOT NULL,
  UNIQUE (action, value)
);
