/**
 * Runs `sipbot ingest` in-process (the same code path as bin/sipbot.js) and reports the process's
 * peak RSS and CPU time: `node dist/bench/ingest-child.js FILE DB` prints the CLI's JSON, then a
 * line `{"maxRssKb": N, "cpuS": S}`.
 */
import { main } from '../src/cli/main.js';

const [file, db] = process.argv.slice(2);
const code = await main(['node', 'sipbot', 'ingest', file!, '--db', db!, '--json']);
const use = process.resourceUsage();
process.stdout.write(
  JSON.stringify({ maxRssKb: use.maxRSS, cpuS: (use.userCPUTime + use.systemCPUTime) / 1e6 }) + '\n',
);
process.exitCode = code;
