/**
 * Runs `sipbot ingest` in-process (the same code path as bin/sipbot.js) and reports the process's
 * peak RSS: `node dist/bench/ingest-child.js FILE DB` prints the CLI's JSON, then a line
 * `{"maxRssKb": N}`.
 */
import { main } from '../src/cli/main.js';

const [file, db] = process.argv.slice(2);
const code = await main(['node', 'sipbot', 'ingest', file!, '--db', db!, '--json']);
process.stdout.write(JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS }) + '\n');
process.exitCode = code;
