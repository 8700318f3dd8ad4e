import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHAT_PLATFORMS, CHAT_PLATFORM_NAMES } from '../../src/adapters/platforms.js';
import { loadConfig } from '../../src/config.js';
import { configuredPlatforms } from '../../src/main.js';
import { formatChannelRef, parseChannelRef } from '../../src/post.js';

const ROOT = join(import.meta.dirname, '..', '..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

// The promise of src/adapters/platforms.ts: a new platform is a folder and a line in the list.
describe('one list of chat platforms', () => {
  it('core code, commands, the store and the composition root never name a platform', () => {
    const core = [
      ...files(join(ROOT, 'src', 'core')),
      ...files(join(ROOT, 'src', 'store')),
      ...files(join(ROOT, 'commands')),
      ...['main.ts', 'post.ts', 'context.ts', 'reply.ts'].map((f) => join(ROOT, 'src', f)),
    ];
    const named = core.flatMap((f) => {
      const code = readFileSync(f, 'utf8');
      return CHAT_PLATFORM_NAMES.filter((n) => new RegExp(`['"\`]${n}['"\`]|\\b${n}\\|`).test(code)).map(
        (n) => `${f.slice(ROOT.length + 1)}: '${n}'`,
      );
    });
    expect(named).toEqual([]);
  });

  it('channel references take every listed platform and nothing else', () => {
    for (const name of CHAT_PLATFORM_NAMES)
      expect(parseChannelRef(`${name}:C0123/1700.1`)).toEqual({
        platform: name,
        channelId: 'C0123',
        threadId: '1700.1',
      });
    expect(parseChannelRef('teams:19abc')).toBeNull();
    expect(formatChannelRef({ platform: 'slack', channelId: 'C1', threadId: 't' })).toBe('slack:C1/t');
  });

  it('starts the platforms the config turns on, in list order, loading each adapter only then', async () => {
    expect(
      configuredPlatforms(
        loadConfig({
          DISCORD_TOKEN: 't',
          DISCORD_APPLICATION_ID: '1',
          SLACK_BOT_TOKEN: 'xoxb-1',
          SLACK_APP_TOKEN: 'xapp-1',
        }),
      ),
    ).toEqual(['slack', 'discord']);
    for (const name of CHAT_PLATFORM_NAMES) expect(typeof (await CHAT_PLATFORMS[name].load()).create).toBe('function');
  });
});
