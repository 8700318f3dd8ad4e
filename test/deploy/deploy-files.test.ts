import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const read = (p: string): string => readFileSync(join(ROOT, p), 'utf8');

/** Dockerfile instructions, continuation lines joined, comments dropped. */
function instructions(text: string): Array<{ op: string; args: string }> {
  return text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const [op = '', ...rest] = l.split(/\s+/);
      return { op: op.toUpperCase(), args: rest.join(' ') };
    });
}

// No Docker daemon or hadolint on the CI machine (Debian has no hadolint package): these check
// the properties the image must have; `docker build` itself is in docs/operations.md.
describe('Dockerfile', () => {
  const all = instructions(read('Dockerfile'));
  const froms = all.map((x, i) => ({ ...x, i })).filter((x) => x.op === 'FROM');
  const final = all.slice(froms.at(-1)!.i);

  it('is multi-stage: compilers and dev dependencies stay in the build stage', () => {
    expect(froms.length).toBeGreaterThanOrEqual(2);
    expect(froms[0]!.args).toMatch(/^node:20\S* AS build$/i);
    expect(final.some((x) => x.op === 'COPY' && x.args.startsWith('--from=build'))).toBe(true);
    expect(
      final
        .filter((x) => x.op === 'RUN')
        .map((x) => x.args)
        .join(' '),
    ).not.toMatch(/apt-get install|npm (ci|install)\b/);
    expect(all.some((x) => x.op === 'RUN' && /npm ci\b/.test(x.args))).toBe(true);
    expect(all.some((x) => x.op === 'RUN' && /npm prune --omit=dev/.test(x.args))).toBe(true);
  });

  it('runs as a user that is not root', () => {
    const user = final.filter((x) => x.op === 'USER').at(-1);
    expect(user?.args).toBeDefined();
    expect(user!.args).not.toMatch(/^(root|0)(:|$)/);
  });

  it('keeps the database on a volume, at the path SIPBOT_DB names, and listens beyond loopback inside the container', () => {
    const env = final
      .filter((x) => x.op === 'ENV')
      .map((x) => x.args)
      .join(' ');
    const db = /SIPBOT_DB=(\S+)/.exec(env)?.[1];
    expect(db).toBeDefined();
    const volume = final.find((x) => x.op === 'VOLUME')?.args ?? '';
    const dir = db!.slice(0, db!.lastIndexOf('/'));
    expect(volume).toContain(dir);
    expect(env).toMatch(/SIPBOT_HOST=0\.0\.0\.0/);
    expect(final.some((x) => x.op === 'RUN' && x.args.includes(`chown node:node ${dir}`))).toBe(true);
  });

  it('has a HEALTHCHECK on /healthz and starts serve', () => {
    const hc = final.find((x) => x.op === 'HEALTHCHECK');
    expect(hc?.args).toMatch(/CMD .*\/healthz/);
    expect(final.find((x) => x.op === 'ENTRYPOINT')?.args).toBe('["node", "bin/sipbot.js"]');
    expect(final.find((x) => x.op === 'CMD')?.args).toBe('["serve"]');
  });

  it('copies every folder the build reads, and .dockerignore keeps databases and node_modules out', () => {
    const copied = all.filter((x) => x.op === 'COPY').map((x) => x.args.split(/\s+/)[0]);
    for (const dir of ['src', 'commands', 'bench', 'data', 'bin', 'scripts']) expect(copied).toContain(dir);
    const ignore = read('.dockerignore').split('\n');
    for (const p of ['node_modules', 'dist', '*.db', '.git']) expect(ignore).toContain(p);
  });
});

describe('systemd unit (deploy/sipbot.service)', () => {
  const unit = read('deploy/sipbot.service');

  it('runs serve headless as its own user, with the database in its state directory', () => {
    expect(unit).toMatch(/^ExecStart=\/usr\/bin\/node \/opt\/sipbot\/bin\/sipbot\.js serve$/m);
    expect(unit).toMatch(/^User=sipbot$/m);
    expect(unit).toMatch(/^StateDirectory=sipbot$/m);
    expect(unit).toMatch(/^Environment=SIPBOT_DB=\/var\/lib\/sipbot\/sipbot\.db$/m);
    expect(unit).toMatch(/^StandardInput=null$/m);
    expect(unit).toMatch(/^Restart=on-failure$/m);
  });

  const analyze = spawnSync('systemd-analyze', ['--version']);
  it.skipIf(analyze.error !== undefined || !existsSync('/usr/bin/node'))(
    'passes systemd-analyze verify with no warnings',
    () => {
      const r = spawnSync('systemd-analyze', ['verify', join(ROOT, 'deploy', 'sipbot.service')], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    },
  );
});
