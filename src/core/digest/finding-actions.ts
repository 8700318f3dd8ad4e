import type { Block, Button } from '../../reply.js';
import type { Finding } from '../analysis/types.js';
import { callSubject, showCallsButton, ticketButton } from '../calls/buttons.js';

/**
 * A finding's own actions, placed right under it: the calls behind it (with the CSV), the
 * checklist, an expert, the finding in full, and for a route the carrier ticket. The window is
 * the report's, so each button reopens exactly what the finding was computed on.
 */
export function findingActions(f: Finding, i: number, window: { from: number; to: number }): Block {
  // Values stay short: Discord packs `action|value` into a 100-character custom_id.
  const v = f.subject.slice(0, 60);
  const buttons: Button[] = [showCallsButton(callSubject(f.subject, f.kind), window.from, window.to)];
  if (f.verdict !== 'insufficient_data') {
    // `subject|fromMs|toMs`: the walkthrough reads the same window as the finding.
    buttons.push({
      label: 'Checklist',
      action: 'check.start',
      value: `${v}|${window.from}|${window.to}`,
      style: 'primary',
    });
    buttons.push({ label: 'Escalate', action: 'escalate.open', value: v });
  }
  // patterns.show takes `subject|fromMs|toMs` to reopen exactly this window.
  buttons.push({ label: 'Details', action: 'patterns.show', value: `${v}|${window.from}|${window.to}` });
  if (f.kind === 'route') buttons.push(ticketButton(f.subject, window.from, window.to, 'Carrier ticket'));
  // A number's 30-day card: its verdicts over time, what refused it, and whom to ask.
  if (f.kind === 'number') buttons.push({ label: 'Number health', action: 'number.show', value: v });
  return { kind: 'actions', label: `#${i + 1}`, buttons };
}
