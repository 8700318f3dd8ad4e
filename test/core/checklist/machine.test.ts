import { describe, expect, it } from 'vitest';
import { initialState, step, type Facts, type WalkState } from '../../../src/core/checklist/machine.js';
import { answerValue, parseAnswerValue } from '../../../src/core/checklist/render.js';
import { loadChecklist, type Answer } from '../../../src/core/checklist/schema.js';

const c = loadChecklist();
const noData: Facts = { subject: '+12125550123', fromMs: 0, toMs: 1, probes: {} };
const SETUP_OK: Answer[] = ['yes', 'yes', 'yes', 'yes', 'yes', 'yes'];

function run(answers: Answer[], facts: Facts = noData): WalkState {
  let s = initialState(c, 1, facts.subject);
  for (const a of answers) {
    const out = step(c, s, { type: 'answer', stepId: s.stepId!, answer: a, by: 'U1', atMs: 0 }, facts);
    expect(out.changed).toBe(true);
    s = out.state;
  }
  return s;
}

describe('checklist state machine', () => {
  it.each<[string, Answer[], string]>([
    ['credentials fail', ['no'], 'configuration'],
    ['caller ID not E.164', ['yes', 'yes', 'yes', 'yes', 'no'], 'configuration'],
    ['one region', [...SETUP_OK, 'no', 'yes', 'no', 'no', 'no', 'no'], 'destination_policy'],
    ['one region, whatever the routes say', [...SETUP_OK, 'yes', 'yes', 'no', 'yes', 'no'], 'destination_policy'],
    ['busy hours', [...SETUP_OK, 'yes', 'no', 'yes', 'no', 'unsure', 'no'], 'velocity'],
    ['busy hours on several routes', [...SETUP_OK, 'yes', 'no', 'yes', 'yes', 'no'], 'velocity'],
    ['busy hours on one route', [...SETUP_OK, 'yes', 'no', 'yes', 'no', 'yes', 'no'], 'velocity'],
    ['number on several routes', [...SETUP_OK, 'yes', 'no', 'no', 'yes', 'no'], 'reputation'],
    ['number on one route only', [...SETUP_OK, 'yes', 'no', 'no', 'no', 'yes', 'yes'], 'carrier_policy'],
    ['route refuses every number', [...SETUP_OK, 'no', 'no', 'no', 'no', 'no', 'no'], 'configuration'],
    [
      'nothing known',
      [
        'unsure',
        'unsure',
        'unsure',
        'unsure',
        'unsure',
        'unsure',
        'unsure',
        'unsure',
        'unsure',
        'unsure',
        'unsure',
        'unsure',
      ],
      'insufficient_data',
    ],
  ])('%s -> %s', (_name, answers, verdict) => {
    const s = run(answers);
    expect(s.stepId).toBeNull();
    expect(s.verdict).toBe(verdict);
    expect(s.transcript).toHaveLength(answers.length);
  });

  it('lists "Not sure" set-up items as unchecked under the verdict', () => {
    const s = run(['unsure', 'yes', 'unsure', 'yes', 'yes', 'yes', 'no', 'yes', 'no', 'no', 'no', 'no']);
    expect(s.verdict).toBe('destination_policy');
    expect(s.unchecked).toEqual(['Credentials and registration', 'Account status and balance']);
  });

  it('honours an override: the user says No where the data says Yes, and the verdict follows the user', () => {
    const facts: Facts = {
      ...noData,
      probes: {
        multi_route: { answer: 'yes', text: 'refused on 3 of 4 routes' },
        one_route: { answer: null, text: '' },
      },
    };
    const s = run([...SETUP_OK, 'yes', 'no', 'no', 'no', 'yes', 'yes'], facts);
    expect(s.verdict).toBe('carrier_policy');
    const entry = s.transcript.find((t) => t.step === 'routes.multiple')!;
    expect(entry).toMatchObject({ answer: 'no', effective: 'no', override: true, data: { answer: 'yes' } });
    const reply = step(c, s, { type: 'back', stepId: null }, facts);
    expect(reply.state.stepId).toBe('reach.device');
  });

  it("takes the data's answer when the user is not sure", () => {
    const facts: Facts = {
      ...noData,
      probes: { by_region: { answer: 'yes', text: 'calls into 876: 117 of 364 refused' } },
    };
    const s = run([...SETUP_OK, 'no', 'unsure', 'no', 'no', 'no', 'no'], facts);
    expect(s.verdict).toBe('destination_policy');
    expect(s.transcript.find((t) => t.step === 'patterns.region')).toMatchObject({
      answer: 'unsure',
      effective: 'yes',
      override: false,
    });
  });

  it('asks steps 3 and 4 on every path that does not end in set-up, and the strongest lean wins', () => {
    for (const answers of [
      [...SETUP_OK, 'yes', 'yes', 'yes'],
      [...SETUP_OK, 'no', 'yes', 'unsure'],
    ] as Answer[][]) {
      const s = run(answers);
      expect(s.verdict).toBeNull();
      expect(s.stepId).toBe('routes.multiple');
    }
    // Reputation after configuration: the later, weaker lean does not undo the number's.
    expect(run([...SETUP_OK, 'yes', 'no', 'no', 'no', 'no', 'no']).verdict).toBe('reputation');
  });

  it('follows an override at the patterns steps too: the user says the region is not it', () => {
    const facts: Facts = {
      ...noData,
      probes: { by_region: { answer: 'yes', text: 'calls into 876: 117 of 364 refused' } },
    };
    const s = run([...SETUP_OK, 'yes', 'no', 'no', 'yes', 'no'], facts);
    expect(s.verdict).toBe('reputation');
    expect(s.transcript.find((t) => t.step === 'patterns.region')).toMatchObject({ override: true });
  });

  it('ignores a press on a step that is no longer current (double click, old message)', () => {
    const s = run(['yes']);
    const out = step(c, s, { type: 'answer', stepId: 'setup.credentials', answer: 'no', by: 'U1', atMs: 0 }, noData);
    expect(out.changed).toBe(false);
    expect(out.state).toBe(s);
    expect(out.reply.blocks.some((b) => b.kind === 'context' && b.text.includes('earlier step'))).toBe(true);
  });

  it('goes back one step by replaying the transcript', () => {
    const s = run(['yes', 'no']);
    expect(s.verdict).toBe('configuration');
    const back = step(c, s, { type: 'back', stepId: null }, noData);
    expect(back.state).toMatchObject({ stepId: 'setup.ip_acl', verdict: null, notes: [] });
    expect(back.state.transcript).toHaveLength(1);
  });

  it('renders each step with Yes / No / Not sure buttons whose values fit a Discord custom_id and parse back', () => {
    let s = initialState(c, 123456, '+12125550123');
    for (let i = 0; i < 12 && s.stepId; i++) {
      const out = step(c, s, { type: 'answer', stepId: s.stepId, answer: 'unsure', by: 'U1', atMs: 0 }, noData);
      for (const b of out.reply.buttons ?? []) {
        expect(b.action.length + b.value.length + 1).toBeLessThanOrEqual(100);
        expect(b.label.length).toBeLessThanOrEqual(80);
        if (b.action === 'check.answer') expect(parseAnswerValue(b.value)?.id).toBe(123456);
      }
      expect(out.reply.replaceOriginal).toBe(true);
      s = out.state;
    }
    expect(parseAnswerValue(answerValue(7, 'routes.one', 'unsure'))).toEqual({
      id: 7,
      stepId: 'routes.one',
      answer: 'unsure',
    });
    expect(parseAnswerValue('7:x:q')).toBeNull();
  });

  it('ends with the verdict, what to do next, the transcript and an offer of expert review', () => {
    const s = run([...SETUP_OK, 'yes', 'no', 'no', 'yes', 'no']);
    const reply = step(
      c,
      run([...SETUP_OK, 'yes', 'no', 'no', 'yes']),
      { type: 'answer', stepId: 'reach.device', answer: 'no', by: 'U1', atMs: 0 },
      noData,
    ).reply;
    expect(s.verdict).toBe('reputation');
    expect(reply.title).toContain('Reputation');
    const text = JSON.stringify(reply.blocks);
    expect(text).toContain('freecallerregistry.com');
    expect(text).toContain('603+');
    expect(reply.blocks.find((b) => b.kind === 'table')).toMatchObject({ rows: expect.any(Array) });
    expect(reply.buttons?.map((b) => b.action)).toEqual(['escalate.open', 'check.answer', 'check.start']);
    expect(reply.buttons?.[0]?.value).toBe('w:1');
  });
});
