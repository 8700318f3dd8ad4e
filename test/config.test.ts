import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('has the defaults of the contract', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ dbPath: 'data/sipbot.db', port: 3000, timeZone: 'UTC', defaultCountry: 'US' });
  });
  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ SIPBOT_PORT: 'eighty' })).toThrow(/SIPBOT_PORT/);
    expect(() => loadConfig({ SIPBOT_TIMEZONE: 'Mars/Olympus' })).toThrow(/SIPBOT_TIMEZONE/);
  });
  it('treats empty variables as unset', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: '' }).slack.botToken).toBeUndefined();
  });
});
