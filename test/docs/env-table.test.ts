import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// docs/operations.md holds the one table of environment variables: every variable the config
// reads must be in it, so a new setting cannot ship undocumented.
describe('the environment table', () => {
  it('names every variable src/config.ts reads', () => {
    const config = readFileSync('src/config.ts', 'utf8');
    const table = readFileSync('docs/operations.md', 'utf8');
    const names = [
      ...new Set(config.match(/\b(?:SIPBOT|SLACK|DISCORD|TWILIO|TELNYX|SIGNALWIRE|BANDWIDTH)_[A-Z0-9_]+\b/g)),
    ];
    expect(names.length).toBeGreaterThan(20);
    expect(names.filter((n) => !table.includes(`\`${n}\``))).toEqual([]);
  });
});
