/**
 * An escalation form submitted with an "all calls" bundle (the whole account's evidence): the
 * view_submission must be acked within Slack's 3 s although the bundle takes seconds to build.
 */
import { runText } from '../commands/registry.js';
import { renderSlackModal } from '../src/adapters/slack/render-modal.js';
import { DEADLINE_MS, SECRET, fmt, type Sipbot } from './slack-parts.js';
import { runLoad } from './load-worker.js';

type J = Record<string, unknown>;

/** The escalation form as Slack would show it, filled in: subject "all calls", the first choice of each select. */
async function submission(ours: Sipbot, user: string): Promise<string> {
  const reply = await runText('escalate', {
    ctx: ours.ctx,
    invoker: { platform: 'slack', userId: user, channelId: 'C0BENCH' },
  });
  if (!reply.modal) throw new Error('`/sip escalate` did not open a form');
  const view = renderSlackModal(reply.modal, { c: 'C0BENCH' }) as unknown as J & { blocks: J[] };
  const values: Record<string, Record<string, J>> = {};
  for (const b of view.blocks.filter((x) => x.type === 'input')) {
    const el = b.element as J & { action_id: string; options?: Array<{ value: string; text: J }> };
    const id = b.block_id as string;
    values[id] = {
      [el.action_id]: el.options
        ? { type: 'static_select', selected_option: el.options[0] }
        : { type: 'plain_text_input', value: id === 'subject' ? 'all calls' : 'bench' },
    };
  }
  const payload = {
    type: 'view_submission',
    team: { id: 'T0BENCH', domain: 'bench' },
    user: { id: user, username: 'bench', name: 'bench', team_id: 'T0BENCH' },
    api_app_id: 'A0BENCH',
    token: 'x',
    trigger_id: `${Date.now()}.esc.${user}`,
    view: { ...view, id: `V${user}`, hash: `h${user}`, team_id: 'T0BENCH', state: { values } },
    response_urls: [],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export async function escalationRun(ours: Sipbot, n = 5): Promise<number[]> {
  const bodies = await Promise.all(Array.from({ length: n }, (_, i) => submission(ours, `UESC${i}`)));
  const out: number[] = [];
  // One at a time: each is a separate person's form, timed alone.
  for (const body of bodies) {
    const [r] = await runLoad({ url: ours.url, secret: SECRET, requests: [{ body }], concurrency: 1 });
    if (r!.status !== 200) throw new Error(`view_submission answered ${r!.status}: ${r!.body}`);
    out.push(r!.ms);
  }
  return out;
}

export function printEscalations(ours: Sipbot, times: number[]): void {
  const made = ours.ctx.db.prepare("SELECT count(*) FROM escalations WHERE subject = '*'").pluck().get() as number;
  console.log('');
  console.log(
    `Escalation form with an "all calls" bundle (${ours.calls.toLocaleString('en-US')} calls), ${times.length} submissions: acked in ${times.map(fmt).join(', ')} ms; ` +
      `every ack < ${DEADLINE_MS / 1000} s: ${times.every((t) => t < DEADLINE_MS) ? 'met' : 'NOT met'}; escalations stored: ${made}`,
  );
}
