import type { Modal, ModalInput } from '../../reply.js';

/** Ctrl-C (or the end of the input) while a form is asked: nothing is submitted. */
export const CANCEL = Symbol('cancel');

export type Ask = (prompt: string) => Promise<string | null | typeof CANCEL>;

/** The value a typed answer stands for: a choice by its value or label, case-insensitive. */
function choice(inp: ModalInput, typed: string): string | undefined {
  const t = typed.toLowerCase();
  return inp.options?.find((o) => o.value.toLowerCase() === t || o.label.toLowerCase() === t)?.value;
}

/**
 * Asks a form's fields one by one, as a modal would show them at once. A wrong choice or an
 * empty required field is asked again at once, so nothing typed before it is lost; Ctrl-C or
 * the end of the input cancels the whole form. Resolves to the values, or null when cancelled.
 */
export async function askForm(
  modal: Modal,
  ask: Ask,
  say: (line: string) => void,
): Promise<Record<string, string> | null> {
  const values: Record<string, string> = {};
  for (const inp of modal.inputs) {
    const choices = inp.options?.length ? ` [${inp.options.map((o) => o.value).join('/')}]` : '';
    const prompt = `${inp.label}${inp.required ? '' : ' (optional)'}${choices}${inp.initial ? ` (default ${inp.initial})` : ''}: `;
    for (;;) {
      const answer = await ask(prompt);
      if (answer === null || answer === CANCEL) return null;
      const v = answer.trim() || inp.initial || '';
      if (!v) {
        if (!inp.required) break;
        say(`${inp.label} is needed.`);
        continue;
      }
      if (inp.options?.length) {
        const picked = choice(inp, v);
        if (picked === undefined) {
          say(`"${v}" is not one of ${inp.options.map((o) => o.value).join(', ')}.`);
          continue;
        }
        values[inp.id] = picked;
      } else {
        values[inp.id] = v;
      }
      break;
    }
  }
  return values;
}
