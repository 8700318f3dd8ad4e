-- `/sip <code>` also groups the calls with a code by caller, route and region: covering those
-- columns makes "in your data" a range read of the matching calls only, with no table lookup per
-- call (1M calls, 35k with the code: 850 ms -> ~350 ms). Replaces 050's two-column index.
DROP INDEX IF EXISTS calls_by_code;
CREATE INDEX IF NOT EXISTS calls_by_code ON calls (sip_code, start_ms, caller, route, callee_region);
