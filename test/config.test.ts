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
  it("says what a bad value should be in one sentence, not in the validator's words", () => {
    expect(() => loadConfig({ SIPBOT_PORT: 'abc' })).toThrow(
      'SIPBOT_PORT is "abc", but it must be a port number from 0 to 65535.',
    );
    expect(() => loadConfig({ SIPBOT_PORT: '70000' })).toThrow(
      'SIPBOT_PORT is "70000", but it must be a port number from 0 to 65535.',
    );
    expect(() => loadConfig({ SIPBOT_DEFAULT_COUNTRY: 'USA' })).toThrow(
      'SIPBOT_DEFAULT_COUNTRY is "USA", but it must be a two-letter country code such as US or GB.',
    );
    expect(() => loadConfig({ SLACK_API_URL: 'slack' })).toThrow(
      'SLACK_API_URL is "slack", but it must be a URL such as https://example.com.',
    );
    expect(() => loadConfig({ SIPBOT_PORT: 'abc' })).not.toThrow(/NaN|expected number/);
  });
  it('binds the loopback interface unless SIPBOT_HOST says otherwise', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(loadConfig({ SIPBOT_HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  });
  it('treats empty variables as unset', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: '' }).slack.botToken).toBeUndefined();
  });
});
