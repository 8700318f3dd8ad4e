import type { types } from '@slack/bolt';
import type { Modal } from '../../reply.js';
import { clip, fitInitial } from '../shared/split.js';

/** Slack view limits (docs.slack.dev/reference/views/modal-views). */
export const SLACK_MODAL_LIMITS = {
  title: 24,
  submit: 24,
  blocks: 100,
  callbackId: 255,
  privateMetadata: 3000,
  label: 2000,
  placeholder: 150,
  optionText: 75,
  optionValue: 75,
  options: 100,
  initialValue: 3000,
} as const;

/** What travels in private_metadata: the handler's value and where to answer. */
export interface ModalMeta {
  v: string;
  c?: string;
  t?: string;
  /** The response_url of the command or button that opened the form: the only way to answer in a DM or private channel the bot is not in. */
  r?: string;
}

const INPUT_ACTION = 'v';

/** A Modal as a Slack `views.open` view. callback_id = the modal's action. */
export function renderSlackModal(modal: Modal, meta: Omit<ModalMeta, 'v'>): types.ModalView {
  const privateMetadata = JSON.stringify({ ...meta, v: modal.privateValue } satisfies ModalMeta);
  if (privateMetadata.length > SLACK_MODAL_LIMITS.privateMetadata)
    throw new Error(`modal ${modal.action}: private value too long for Slack`);
  const blocks = modal.inputs.map((inp): types.InputBlock => {
    const placeholder = inp.placeholder
      ? { placeholder: { type: 'plain_text' as const, text: clip(inp.placeholder, SLACK_MODAL_LIMITS.placeholder) } }
      : {};
    let element: types.StaticSelect | types.PlainTextInput;
    if (inp.style === 'select') {
      const options = (inp.options ?? []).slice(0, SLACK_MODAL_LIMITS.options).map((o): types.PlainTextOption => ({
        text: { type: 'plain_text', text: clip(o.label, SLACK_MODAL_LIMITS.optionText) },
        value: o.value.slice(0, SLACK_MODAL_LIMITS.optionValue),
      }));
      const initial = options.find((o) => o.value === inp.initial);
      element = {
        type: 'static_select',
        action_id: INPUT_ACTION,
        options,
        ...placeholder,
        ...(initial ? { initial_option: initial } : {}),
      };
    } else {
      element = {
        type: 'plain_text_input',
        action_id: INPUT_ACTION,
        multiline: inp.style === 'paragraph',
        ...placeholder,
        // Slack refuses a view whose initial value is longer than the input's max_length.
        ...(inp.initial
          ? {
              initial_value: fitInitial(
                inp.initial,
                Math.min(inp.maxLength ?? SLACK_MODAL_LIMITS.initialValue, SLACK_MODAL_LIMITS.initialValue),
              ),
            }
          : {}),
        ...(inp.maxLength ? { max_length: Math.min(inp.maxLength, SLACK_MODAL_LIMITS.initialValue) } : {}),
      };
    }
    return {
      type: 'input',
      block_id: inp.id,
      optional: !inp.required,
      label: { type: 'plain_text', text: clip(inp.label, SLACK_MODAL_LIMITS.label) },
      element,
    };
  });
  return {
    type: 'modal',
    callback_id: clip(modal.action, SLACK_MODAL_LIMITS.callbackId),
    private_metadata: privateMetadata,
    title: { type: 'plain_text', text: clip(modal.title, SLACK_MODAL_LIMITS.title) },
    submit: { type: 'plain_text', text: clip(modal.submitLabel ?? 'Submit', SLACK_MODAL_LIMITS.submit) },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: blocks.slice(0, SLACK_MODAL_LIMITS.blocks),
  };
}

type StateValues = Record<
  string,
  Record<string, { type?: string; value?: string | null; selected_option?: { value: string } | null }>
>;

/** The submitted values of a view made by renderSlackModal: input id -> text. */
export function readSlackModal(view: { private_metadata?: string; state?: { values?: StateValues } }): {
  meta: ModalMeta;
  values: Record<string, string>;
} {
  let meta: ModalMeta = { v: '' };
  try {
    const parsed = JSON.parse(view.private_metadata ?? '{}') as Partial<ModalMeta>;
    meta = { ...parsed, v: typeof parsed.v === 'string' ? parsed.v : '' };
  } catch {
    // A view we did not open; handled as an empty value.
  }
  const values: Record<string, string> = {};
  for (const [blockId, actions] of Object.entries(view.state?.values ?? {})) {
    const a = actions[INPUT_ACTION];
    if (!a) continue;
    const v = a.selected_option?.value ?? a.value ?? '';
    values[blockId] = v;
  }
  return { meta, values };
}
