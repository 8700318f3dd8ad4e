-- `/sip <code>` counts one SIP code over a window ("in your data"): with this index that is a
-- range read of the matching calls instead of a scan of every call in the window.
CREATE INDEX IF NOT EXISTS calls_by_code ON calls (sip_code, start_ms);
