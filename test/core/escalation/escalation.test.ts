import { describe, expect, it } from 'vitest';
import { actions, command, modals } from '../../../commands/escalate.js';
import type { CommandEnv } from '../../../commands/types.js';
import { generateDemo, SUBJECTS } from '../../../src/core/demo/index.js';
import type { Bundle } from '../../../src/core/escalation/bundle.js';
import { EscalationWorker } from '../../../src/core/escalation/worker.js';
import type { Invoker } from '../../../src/context.js';
import { getEscalation, listEscalations, listEvents } from '../../../src/store/escalations.js';
import { listOutbox } from '../../../src/store/outbox.js';
import { testCtx } from '../../helpers/ctx.js';
import { RecordingPoster } from './recording-poster.js';

const NOW = '2026-11-21T00:00:00Z';
const ENV = { SIPBOT_ESCALATION_CHANNEL: 'slack:CEXPERTS,discord:998877', SIPBOT_EXPERTS: 'UEXPERT,discord:4242' };

function setup(env: Record<string, string> = ENV) {
  const ctx = testCtx({ now: NOW, env });
  generateDemo(ctx.db, { end: new Date(NOW), days: 8, callsPerDay: 3000, plantDays: 2, seed: 3 });
  const as = (inv: Partial<Invoker>): CommandEnv => ({
    ctx,
    invoker: { platform: 'slack', userId: 'UREQ', userName: 'ana', channelId: 'COPS', ...inv },
  });
  const action = (name: string) => actions.find((a) => a.action === name)!;
  const submit = modals.find((m) => m.action === 'escalate.submit')!;
  return { ctx, as, action, submit };
}

describe('escalations', () => {
  it('/sip escalate opens the form with the subject and note filled in', async () => {
    const { as } = setup();
    const reply = await command.run(command.parse!('+1 212 555 0123 refused on every carrier since 9am'), as({}));
    expect(reply.modal).toMatchObject({ action: 'escalate.submit', privateValue: '|+12125550123' });
    const inputs = Object.fromEntries(reply.modal!.inputs.map((i) => [i.id, i]));
    expect(inputs.subject?.initial).toBe('+12125550123');
    expect(inputs.tried?.initial).toBe('refused on every carrier since 9am');
    expect(inputs.urgency?.options?.map((o) => o.value)).toEqual(['low', 'normal', 'high', 'urgent']);
    expect(reply.modal!.privateValue.length).toBeLessThanOrEqual(100);
    const plain = await command.run(command.parse!('calls blocked since 9am'), as({}));
    expect(plain.modal?.inputs.find((i) => i.id === 'tried')?.initial).toBe('calls blocked since 9am');
    expect(plain.modal?.privateValue).toBe('|*');
  });

  it('creates one escalation with its evidence frozen, however often the form is submitted', async () => {
    const { ctx, as, submit } = setup();
    const values = {
      subject: SUBJECTS.reputation,
      urgency: 'high',
      tried: 'Test call via voxroute connects',
      contact: 'ana@example.com',
    };
    const first = await submit.run('|' + SUBJECTS.reputation, values, as({}));
    const again = await submit.run('|' + SUBJECTS.reputation, values, as({}));
    expect(listEscalations(ctx.db)).toHaveLength(1);
    expect(first.title).toMatch(/^Escalation #1 opened/);
    expect(again.title).toMatch(/^Escalation #1 is already open/);
    expect(first.files?.map((f) => f.filename)).toEqual(['escalation-1.json', 'escalation-1.csv']);

    const e = getEscalation(ctx.db, 1)!;
    expect(e).toMatchObject({
      subject: SUBJECTS.reputation,
      urgency: 'high',
      status: 'open',
      requesterId: 'UREQ',
      channelId: 'COPS',
      note: 'Test call via voxroute connects',
    });
    const b = JSON.parse(e.bundleJson) as Bundle;
    expect(b.escalation).toMatchObject({ id: 1, subject: SUBJECTS.reputation, urgency: 'high', requested_by: 'ana' });
    expect(b.findings[0]).toMatchObject({ kind: 'number', verdict: 'reputation' });
    expect(b.routes.map((r) => r.route).sort()).toEqual(['sipline', 'telco-east', 'telco-west', 'voxroute']);
    expect(b.refused_sample.length).toBe(25);
    expect(b.refused_sample.every((c) => c.caller === SUBJECTS.reputation && c.sip_reason)).toBe(true);
    // The call ids a carrier asks for, each a stored call of the subject.
    const byId = ctx.db.prepare('SELECT caller FROM calls WHERE call_id = ?').pluck();
    expect(b.refused_sample.every((c) => c.call_id && byId.get(c.call_id) === SUBJECTS.reputation)).toBe(true);
    expect(b.data_answers.find((d) => d.step === 'More than one route')?.says).toMatch(
      /refused .* on 2 of 3 routes .*other numbers on those routes [0-9.]+%: reputation/,
    );

    const csv = first.files![1]!.content.toString();
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe(
      'section,route,time,caller,callee,sip_code,sip_reason,q850_cause,call_id,calls,blocked,rate,step,answer,detail',
    );
    expect(lines.filter((l) => l.startsWith('refused_call,'))).toHaveLength(25);
    expect(lines.filter((l) => l.startsWith('route,'))).toHaveLength(4);

    // Queued once each: two escalation channels and no webhook (none configured).
    expect(listOutbox(ctx.db).map((o) => o.eventKey)).toEqual([
      'esc-1-post-slack:CEXPERTS',
      'esc-1-post-discord:998877',
    ]);
    // A different subject is a different request.
    await submit.run('|' + SUBJECTS.velocity, { ...values, subject: SUBJECTS.velocity }, as({}));
    expect(listEscalations(ctx.db)).toHaveLength(2);
  });

  it('carries the walkthrough transcript when escalated from a verdict', async () => {
    const { ctx, as, submit, action } = setup();
    const { actions: checkActions } = await import('../../../commands/check.js');
    const start = await checkActions.find((a) => a.action === 'check.start')!.run(SUBJECTS.reputation, as({}));
    let reply = start;
    while (reply.buttons?.[0]?.action === 'check.answer') {
      const unsure = reply.buttons.find((b) => b.label.startsWith('Not sure'))!;
      reply = await checkActions.find((a) => a.action === 'check.answer')!.run(unsure.value, as({}));
    }
    const esc = reply.buttons!.find((b) => b.action === 'escalate.open')!;
    const form = await action('escalate.open').run(esc.value, as({}));
    expect(form.modal?.inputs.find((i) => i.id === 'tried')?.initial).toMatch(
      /^Walked the 403 checklist \(#1\): verdict reputation/,
    );
    await submit.run(
      form.modal!.privateValue,
      { subject: SUBJECTS.reputation, urgency: 'normal', tried: 'checklist', contact: '' },
      as({}),
    );
    const b = JSON.parse(getEscalation(ctx.db, 1)!.bundleJson) as Bundle;
    expect(b.walkthrough?.verdict).toBe('reputation');
    expect(b.walkthrough?.transcript.length).toBeGreaterThan(8);
    expect(b.walkthrough?.transcript[0]).toMatchObject({
      step: 'Credentials and registration',
      answer: 'unsure',
      acted_on: 'yes',
    });
  });

  it('lets only experts act, politely refuses others, and tells the requester of each change', async () => {
    const { ctx, as, submit, action } = setup();
    await submit.run(
      '|' + SUBJECTS.carrierPolicy,
      { subject: SUBJECTS.carrierPolicy, urgency: 'urgent', tried: '', contact: '' },
      as({}),
    );
    const slack = new RecordingPoster('slack');
    const discord = new RecordingPoster('discord');
    const worker = new EscalationWorker(ctx, [slack, discord]);
    expect((await worker.tick()).sent).toBe(2);
    expect(slack.posts[0]).toMatchObject({ target: { platform: 'slack', channelId: 'CEXPERTS' } });
    expect(slack.posts[0]!.reply.title).toBe('Escalation #1: +13125550147 (urgent)');
    expect(slack.posts[0]!.reply.buttons?.map((b) => b.label)).toEqual([
      'Acknowledge',
      'Assign to me',
      'Resolve',
      'Evidence (JSON, CSV)',
      'Show calls',
    ]);

    const refused = await action('escalate.ack').run('1', as({ userId: 'UNOSY', channelId: 'CEXPERTS' }));
    expect(refused).toMatchObject({ ephemeral: true, title: 'Only the escalation experts can do that' });
    expect(getEscalation(ctx.db, 1)!.status).toBe('open');

    const acked = await action('escalate.ack').run(
      '1',
      as({ userId: 'UEXPERT', userName: 'bo', channelId: 'CEXPERTS' }),
    );
    expect(acked.replaceOriginal).toBe(true);
    expect(acked.buttons?.map((b) => b.label)).toEqual([
      'Assign to me',
      'Resolve',
      'Evidence (JSON, CSV)',
      'Show calls',
    ]);
    expect(getEscalation(ctx.db, 1)!.status).toBe('acknowledged');
    const twice = await action('escalate.ack').run('1', as({ userId: 'UEXPERT', channelId: 'CEXPERTS' }));
    expect(JSON.stringify(twice.blocks)).toContain('already acknowledged');

    const assigned = await action('escalate.assign').run(
      '1',
      as({ platform: 'discord', userId: '4242', userName: 'cy', channelId: '998877' }),
    );
    expect(getEscalation(ctx.db, 1)).toMatchObject({ status: 'assigned', assigneeId: '4242' });
    expect(assigned.replaceOriginal).toBe(true);
    await action('escalate.resolve').run('1', as({ userId: 'UEXPERT', userName: 'bo', channelId: 'CEXPERTS' }));
    expect(listEvents(ctx.db, 1).map((e) => e.kind)).toEqual(['created', 'acknowledged', 'assigned', 'resolved']);

    await worker.tick();
    const told = slack.posts.filter((p) => p.target.channelId === 'COPS').map((p) => p.reply.title);
    expect(told).toEqual(['Escalation #1 acknowledged', 'Escalation #1 taken', 'Escalation #1 resolved']);
    // The copy in the other platform's channel is updated in place; the pressed one by the button's reply.
    expect(discord.updates.map((u) => u.ref.messageId)).toEqual(['discord-m1', 'discord-m1']);
    expect(slack.updates.map((u) => u.ref.messageId)).toEqual(['slack-m1']);
    const refusedAfter = await action('escalate.resolve').run('1', as({ userId: 'UNOSY' }));
    expect(refusedAfter.ephemeral).toBe(true);
  });

  it('accepts members of a Slack user group named in SIPBOT_EXPERTS, resolved through the adapter', async () => {
    const { ctx, as, submit, action } = setup({ ...ENV, SIPBOT_EXPERTS: 'S0EXPERTS' });
    await submit.run('|*', { subject: 'all calls', urgency: 'low', tried: '', contact: '' }, as({}));
    const asked: string[] = [];
    const worker = new EscalationWorker(ctx, [], {
      groupMembers: async (g) => {
        asked.push(g);
        return ['UGROUPIE'];
      },
    });
    await worker.tick();
    expect(asked).toEqual(['S0EXPERTS']);
    expect((await action('escalate.ack').run('1', as({ userId: 'UOUTSIDER' }))).ephemeral).toBe(true);
    await action('escalate.ack').run('1', as({ userId: 'UGROUPIE' }));
    expect(getEscalation(ctx.db, 1)!.status).toBe('acknowledged');
  });

  it('refuses an unknown urgency and an unknown escalation with a sentence', async () => {
    const { as, submit, action } = setup();
    expect(() => submit.run('|*', { subject: '', urgency: 'whenever', tried: '', contact: '' }, as({}))).toThrow(
      /Urgency "whenever" is not one of low, normal, high, urgent/,
    );
    expect(() => action('escalate.ack').run('99', as({ userId: 'UEXPERT' }))).toThrow(/Escalation #99 does not exist/);
    // A typo in the subject keeps the form open with a sentence (Slack shows it under the field).
    expect(() => submit.run('|*', { subject: 'high', urgency: 'high', tried: '', contact: '' }, as({}))).toThrow(
      /"high" is not a caller number .* \(routes: sipline, telco-east, telco-west, voxroute\)/,
    );
  });
});

describe('the escalate button on /sip <code> and on digest findings', () => {
  it('reads a SIP code or Q.850 cause as "all calls" with a note, a standing-out area code as the region', async () => {
    const { as, action } = setup();
    const open = action('escalate.open');
    const code = await open.run('603', as({}));
    expect(code.modal?.privateValue).toBe('|*');
    expect(code.modal?.inputs.find((i) => i.id === 'tried')?.initial).toBe('Calls fail with SIP 603.');
    expect((await open.run('403', as({}))).modal?.privateValue).toBe('|*');
    expect((await open.run('q850 21', as({}))).modal?.inputs.find((i) => i.id === 'tried')?.initial).toBe(
      'Calls fail with Q.850 cause 21.',
    );
    // 876 (Jamaica) is refused across numbers in the demo: a digest finding, so the region.
    expect((await open.run(SUBJECTS.region, as({}))).modal?.privateValue).toBe('|876');
    expect((await open.run(SUBJECTS.reputation, as({}))).modal?.privateValue).toBe('|+12125550123');
    expect((await open.run('telco-east', as({}))).modal?.privateValue).toBe('|telco-east');
  });
});
