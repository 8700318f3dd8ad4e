/**
 * Records every use of one better-sqlite3 connection that can run SQL, with the stack that made
 * it: the connection's own methods, and the statements' (also those prepared before recording
 * started and cached by src/store/, which never call prepare again). Records, never throws: a
 * test reports every offender at once.
 */
import type { Db } from '../../src/store/db.js';

export interface DbUse {
  method: string;
  sql: string;
  stack: string;
}

/** The Database methods that run SQL or register something SQL runs. */
const DB_METHODS = [
  'prepare',
  'exec',
  'pragma',
  'transaction',
  'function',
  'aggregate',
  'table',
  'backup',
  'serialize',
  'loadExtension',
] as const;
/** The Statement methods that run it. */
const STATEMENT_METHODS = ['run', 'get', 'all', 'iterate'] as const;

type Fn = (...args: unknown[]) => unknown;

/** The caller's frames, without this file's and the first line ("Error"). */
function callerStack(): string {
  return (new Error().stack ?? '')
    .split('\n')
    .slice(1)
    .filter((l) => !l.includes('db-recorder'))
    .join('\n');
}

export function recordDbUses(db: Db): { uses: DbUse[]; stop(): void } {
  const uses: DbUse[] = [];
  const statementProto = Object.getPrototypeOf(db.prepare('SELECT 1')) as Record<string, Fn>;
  const target = db as unknown as Record<string, Fn>;
  const restore: Array<() => void> = [];

  for (const name of DB_METHODS) {
    const original = target[name];
    if (typeof original !== 'function') continue;
    target[name] = function (this: unknown, ...args: unknown[]) {
      uses.push({ method: `db.${name}`, sql: typeof args[0] === 'string' ? args[0] : '', stack: callerStack() });
      return original.apply(db, args);
    };
    // The method lives on the prototype: deleting the own property brings it back.
    restore.push(() => delete target[name]);
  }
  for (const name of STATEMENT_METHODS) {
    const original = statementProto[name]!;
    statementProto[name] = function (this: { database: Db; source: string }, ...args: unknown[]) {
      if (this.database === db) uses.push({ method: `statement.${name}`, sql: this.source, stack: callerStack() });
      return original.apply(this, args);
    };
    restore.push(() => (statementProto[name] = original));
  }
  return { uses, stop: () => restore.splice(0).forEach((r) => r()) };
}

/** One line per use (method, SQL, the first frames of src/ code), for a failure message. */
export function describeUses(uses: DbUse[]): string {
  return uses
    .map((u) => {
      const frames = u.stack
        .split('\n')
        .filter((l) => !l.includes('node_modules') && !l.includes('node:internal'))
        .slice(0, 8)
        .join('\n');
      return `${u.method}(${u.sql.replace(/\s+/g, ' ').slice(0, 120)})\n${frames}`;
    })
    .join('\n\n');
}
