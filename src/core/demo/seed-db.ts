import type { Db } from '../../store/db.js';
import { insertCalls } from '../../store/calls.js';
import { planDemo, type DemoOptions, type DemoPlan } from './generate.js';

export interface DemoResult extends DemoPlan {
  generated: number;
  stored: number;
}

/**
 * Seeds `db` with demo traffic, one transaction per day, and returns what was planted so tests
 * (and `sipbot demo`) can check the analysis finds it.
 */
export function generateDemo(db: Db, opts: DemoOptions, onDay?: (done: number, total: number) => void): DemoResult {
  const { plan, days } = planDemo(opts);
  let generated = 0;
  let stored = 0;
  let i = 0;
  for (const records of days()) {
    generated += records.length;
    stored += insertCalls(db, records).stored;
    onDay?.(++i, plan.days);
  }
  return { ...plan, generated, stored };
}
