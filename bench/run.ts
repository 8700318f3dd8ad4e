/**
 * `npm run bench [name...]`: runs the named benchmarks (all by default) and prints their figures.
 * Each bench/<name>.ts exports `run(): Promise<void>`; they print their own tables.
 */
import { cpus, totalmem } from 'node:os';

const ALL = ['ingest', 'digest', 'http', 'slack', 'explain', 'checklist', 'alerts'];

const names = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const selected = names.length ? names : ALL;
console.log(`# sipbot bench: ${new Date().toISOString()}`);
console.log(
  `machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`,
);
for (const name of selected) {
  if (!ALL.includes(name)) {
    console.error(`unknown bench "${name}"; choose from ${ALL.join(', ')}`);
    process.exit(2);
  }
  console.log(`\n## ${name}`);
  const mod = (await import(`./${name}.js`)) as { run: () => Promise<void> };
  await mod.run();
}
