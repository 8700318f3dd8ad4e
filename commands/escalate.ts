import {
  act,
  evidence,
  openForm,
  openFormFromButton,
  splitEscalateText,
  submitForm,
} from '../src/core/escalation/service.js';
import type { ActionDef, CommandDef, ModalDef } from './types.js';

/** `/sip escalate [subject] [note]`: opens the request form; the submission creates the escalation. */
export const command: CommandDef = {
  name: 'escalate',
  summary: 'Ask an expert to review a 403 problem, with the evidence attached',
  usage: '/sip escalate [number|route|region] [note]',
  examples: [
    '/sip escalate',
    '/sip escalate +12125550123 refused on every carrier since 9am',
    '/sip escalate telco-east',
  ],
  options: [{ name: 'text', description: 'Subject (number, route or region) and a note', type: 'string', rest: true }],
  parse: (text) => ({ text }),
  run(args, env) {
    const { subject, note } = splitEscalateText(env.ctx, args.text ?? '');
    return openForm(env, subject, note, null);
  },
};

export const actions: ActionDef[] = [
  // From `/sip 403` (value '403'), digest findings (the subject) and a walkthrough's verdict (`w:<id>`).
  { action: 'escalate.open', run: (value, env) => openFormFromButton(env, value) },
  { action: 'escalate.ack', run: (value, env) => act(env, 'ack', value) },
  { action: 'escalate.assign', run: (value, env) => act(env, 'assign', value) },
  { action: 'escalate.resolve', run: (value, env) => act(env, 'resolve', value) },
  { action: 'escalate.bundle', run: (value, env) => evidence(env, value) },
];

export const modals: ModalDef[] = [
  { action: 'escalate.submit', run: (privateValue, values, env) => submitForm(env, privateValue, values) },
];
