import type { Modal } from '../../reply.js';
import { clip, fitInitial } from '../shared/split.js';
import { defaultCustomId, type CustomIdFn } from './render.js';

/** Discord modal limits (components/reference: text input; interactions: modal). */
export const DISCORD_MODAL_LIMITS = {
  title: 45,
  inputs: 5,
  label: 45,
  placeholder: 100,
  value: 4000,
} as const;

export interface DiscordModal {
  title: string;
  custom_id: string;
  components: Array<{ type: 1; components: Array<Record<string, unknown> & { type: 4; custom_id: string }> }>;
}

/**
 * A Modal as a Discord modal (interaction callback type 9). Discord's classic modals hold only
 * text inputs, so a select becomes a short input whose placeholder lists the accepted values.
 */
export function renderDiscordModal(modal: Modal, customId: CustomIdFn = defaultCustomId): DiscordModal {
  return {
    title: clip(modal.title, DISCORD_MODAL_LIMITS.title),
    custom_id: customId(modal.action, modal.privateValue),
    components: modal.inputs.slice(0, DISCORD_MODAL_LIMITS.inputs).map((inp) => {
      const placeholder =
        inp.style === 'select' ? `one of: ${(inp.options ?? []).map((o) => o.value).join(', ')}` : inp.placeholder;
      return {
        type: 1 as const,
        components: [
          {
            type: 4 as const,
            custom_id: inp.id,
            style: inp.style === 'paragraph' ? 2 : 1,
            label: clip(inp.label, DISCORD_MODAL_LIMITS.label),
            required: inp.required,
            ...(placeholder ? { placeholder: clip(placeholder, DISCORD_MODAL_LIMITS.placeholder) } : {}),
            // Discord refuses a value longer than the input's max_length.
            ...(inp.initial
              ? {
                  value: fitInitial(
                    inp.initial,
                    Math.min(inp.maxLength ?? DISCORD_MODAL_LIMITS.value, DISCORD_MODAL_LIMITS.value),
                  ),
                }
              : {}),
            ...(inp.maxLength ? { max_length: Math.min(inp.maxLength, DISCORD_MODAL_LIMITS.value) } : {}),
          },
        ],
      };
    }),
  };
}
