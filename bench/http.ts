/**
 * Webhook load (issue 3): single-call Twilio status callbacks, validly signed, a unique CallSid
 * each, at a sustained BENCH_HTTP_RATE (default 1000) requests/s for BENCH_HTTP_SECONDS (30) over
 * loopback; then the same while `sipbot ingest` writes BENCH_HTTP_BULK_ROWS (1,000,000) rows of
 * canonical CSV into the same database. The server is `sipbot serve --no-console`, its own process.
 * A record is lost when a request answered 2xx has no call in the database (checked CallSid by CallSid).
 */
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeCanonicalCsv } from './gen-canonical.js';

const BIN = fileURLToPath(new URL('../../bin/sipbot.js', import.meta.url));
const RATE = Number(process.env.BENCH_HTTP_RATE ?? 1000);
const SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 30);
const BULK_ROWS = Number(process.env.BENCH_HTTP_BULK_ROWS ?? 1_000_000);
const CONNECTIONS = Number(process.env.BENCH_HTTP_CONNECTIONS ?? 50);
/**
 * Beside the bulk ingest a webhook can wait for one of the CLI's write transactions (5,000 rows,
 * a few hundred ms) before its own commit, so 1,000 req/s needs more requests in flight at once
 * (Little's law: rate x latency). Providers do post callbacks concurrently.
 */
const BULK_CONNECTIONS = Number(process.env.BENCH_HTTP_BULK_CONNECTIONS ?? 400);
const AUTH_TOKEN = 'bench-auth-token-0123456789abcdef';
/** The URL Twilio would be configured with; the server verifies against it (SIPBOT_PUBLIC_URL). */
const PUBLIC = 'https://sipbot.bench.example';
const PATH = '/webhooks/twilio';

interface Row {
  run: string;
  sent: number;
  ok: number;
  non2xx: number;
  errors: number;
  stored: number;
  lost: number;
  rate: number;
  p50: number;
  p99: number;
  max: number;
  /** The server process's CPU use during the run, % of one core. */
  cpu: number;
  note: string;
}

/** CPU seconds (user + system) a process has used, from /proc (Linux); NaN elsewhere. */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return NaN;
  }
}

function sign(params: Record<string, string>): string {
  let data = PUBLIC + PATH;
  for (const k of Object.keys(params).sort()) data += k + params[k];
  return createHmac('sha1', AUTH_TOKEN).update(data).digest('base64');
}

/** A port free right now on loopback. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** `sipbot serve --no-console`, the way a user runs it, in its own process. */
async function startServer(db: string): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  const child = spawn(process.execPath, [BIN, 'serve', '--no-console', '--db', db], {
    env: {
      ...process.env,
      SIPBOT_HOST: '127.0.0.1',
      SIPBOT_PORT: String(port),
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      SIPBOT_PUBLIC_URL: PUBLIC,
      SIPBOT_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c) => {
      out += String(c);
      if (out.includes('Ready.')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`sipbot serve exited ${code}: ${out}`)));
  });
  return { child, port };
}

async function stop(child: ChildProcess): Promise<void> {
  const done = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  await done;
}

interface Load {
  result: autocannon.Result;
  /** CallSids whose request was answered 2xx: each must be in the database. */
  okSids: string[];
  issued: number;
}

async function load(port: number, prefix: string, seconds = SECONDS, connections = CONNECTIONS): Promise<Load> {
  let n = 0;
  const okSids: string[] = [];
  // pipelining 1: one request in flight per connection, so the connection's context names it.
  const result = await autocannon({
    url: `http://127.0.0.1:${port}${PATH}`,
    connections,
    overallRate: RATE,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        setupRequest: (req, context) => {
          const params: Record<string, string> = {
            AccountSid: 'AC3f0c2a6d8e9b4c1d7e5f6a7b8c9d0e1f',
            ApiVersion: '2010-04-01',
            CallSid: `CA${prefix}${String(n++).padStart(10, '0')}`,
            CallStatus: 'failed',
            Direction: 'outbound-api',
            From: `+1212555${String(n % 10000).padStart(4, '0')}`,
            SipResponseCode: n % 5 ? '480' : '403',
            Timestamp: new Date().toUTCString(),
            To: '+15125550187',
          };
          (context as { sid?: string }).sid = params.CallSid!;
          return {
            ...req,
            body: new URLSearchParams(params).toString(),
            headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': sign(params) },
          };
        },
        onResponse: (status, _body, context) => {
          if (status >= 200 && status < 300) okSids.push((context as { sid: string }).sid);
        },
      },
    ],
  });
  return { result, okSids, issued: n };
}

/** How many of the answered CallSids the database holds, and how many twilio calls it holds in all. */
function verify(db: string, prefix: string, okSids: string[]): { found: number; total: number } {
  const conn = new Database(db, { readonly: true });
  try {
    const has = conn.prepare("SELECT 1 FROM calls WHERE source = 'twilio' AND call_id = ?").pluck();
    let found = 0;
    for (const sid of okSids) if (has.get(sid)) found++;
    const total = conn
      .prepare("SELECT count(*) FROM calls WHERE source = 'twilio' AND call_id LIKE ?")
      .pluck()
      .get(`CA${prefix}%`) as number;
    return { found, total };
  } finally {
    conn.close();
  }
}

function row(run: string, l: Load, v: { found: number; total: number }, cpuS: number, note: string): Row {
  const r = l.result;
  return {
    cpu: Math.round((cpuS / r.duration) * 100),
    run,
    sent: l.issued,
    ok: l.okSids.length,
    non2xx: r.non2xx,
    errors: r.errors,
    stored: v.total,
    lost: l.okSids.length - v.found,
    rate: Math.round(l.okSids.length / r.duration),
    p50: r.latency.p50,
    p99: r.latency.p99,
    max: r.latency.max,
    note,
  };
}

function print(rows: Row[], busy: string): void {
  console.log(
    `\nTwilio status callbacks, signed, one call each: target ${RATE} req/s for ${SECONDS} s on loopback (${CONNECTIONS} connections alone, ${BULK_CONNECTIONS} beside the ingest); machine load average ${busy}`,
  );
  console.log(
    'sent: requests issued; in db: calls of the run stored (>= 2xx: requests still in flight when the run stops are stored, unanswered); lost: 2xx answers whose call is not in the database',
  );
  console.log(
    '| run | sent | 2xx | non-2xx | errors | in db | lost | 2xx/s | p50 ms | p99 ms | max ms | server CPU | |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const r of rows) {
    console.log(
      `| ${r.run} | ${r.sent} | ${r.ok} | ${r.non2xx} | ${r.errors} | ${r.stored} | ${r.lost} | ${r.rate} | ${r.p50} | ${r.p99} | ${r.max} | ${r.cpu}% | ${r.note} |`,
    );
  }
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sipbot-bench-http-'));
  const rows: Row[] = [];
  // Other work on the machine skews latency; say how busy it was when the run started.
  const busy = loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ');
  try {
    const db = join(dir, 'bench.db');
    const { child, port } = await startServer(db);
    try {
      await load(port, 'warm', 3); // JIT and page cache warm-up, not reported
      let cpu0 = cpuSeconds(child.pid);
      const alone = await load(port, 'alone');
      rows.push(row('webhooks alone', alone, verify(db, 'alone', alone.okSids), cpuSeconds(child.pid) - cpu0, ''));

      if (BULK_ROWS > 0) {
        const csv = join(dir, 'big.csv');
        await writeCanonicalCsv(csv, BULK_ROWS);
        const t0 = Date.now();
        const ingest = spawn(process.execPath, [BIN, 'ingest', csv, '--db', db, '--json'], {
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let out = '';
        let err = '';
        ingest.stdout!.on('data', (c) => (out += String(c)));
        ingest.stderr!.on('data', (c) => (err += String(c)));
        let ingestMs = 0;
        const ingestDone = new Promise<number>((r) =>
          ingest.once('exit', (code) => {
            ingestMs = Date.now() - t0;
            r(code ?? -1);
          }),
        );
        cpu0 = cpuSeconds(child.pid);
        const during = await load(port, 'bulk', SECONDS, BULK_CONNECTIONS);
        const cpuS = cpuSeconds(child.pid) - cpu0;
        const loadEndMs = Date.now() - t0;
        const code = await ingestDone;
        const file =
          code === 0 ? (JSON.parse(out) as { files: Array<{ stored: number; read: number }> }).files[0] : undefined;
        const overlap = Math.min(ingestMs, loadEndMs) / 1000;
        const note =
          code === 0
            ? `ingest ${file?.stored ?? 0} of ${file?.read ?? 0} rows in ${(ingestMs / 1000).toFixed(1)} s (${Math.round((file?.stored ?? 0) / (ingestMs / 1000))} rows/s), ${overlap.toFixed(1)} s overlapping`
            : `ingest FAILED (exit ${code}): ${err.trim().split('\n')[0] ?? ''}`;
        rows.push(
          row(
            `webhooks + ${BULK_ROWS.toLocaleString('en-US')}-row CLI ingest`,
            during,
            verify(db, 'bulk', during.okSids),
            cpuS,
            note,
          ),
        );
      }
    } finally {
      await stop(child);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  print(rows, busy);
}
