-- The zone an API token's uploads are written in (`sipbot token create NAME --tz ZONE`): a dialer
-- that exports local times without an offset gets them read right without `?tz=` on every
-- request. Null: UTC, as before.
ALTER TABLE api_tokens ADD COLUMN tz TEXT;
