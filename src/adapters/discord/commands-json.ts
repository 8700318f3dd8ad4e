import type { CommandDef, OptionDef } from '../../../commands/types.js';
import { clip } from '../shared/split.js';

/** Discord application command limits (interactions/application-commands). */
export const DISCORD_COMMAND_LIMITS = { name: 32, description: 100, options: 25, choices: 25 } as const;

const OPTION_TYPE = { string: 3, integer: 4 } as const;
const SUBCOMMAND = 1;

function optionName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^-_\p{L}\p{N}]/gu, '_')
    .slice(0, DISCORD_COMMAND_LIMITS.name);
}

function optionJson(o: OptionDef): Record<string, unknown> {
  return {
    type: OPTION_TYPE[o.type],
    name: optionName(o.name),
    description: clip(o.description || o.name, DISCORD_COMMAND_LIMITS.description),
    required: o.required === true,
    ...(o.choices?.length
      ? {
          choices: o.choices
            .slice(0, DISCORD_COMMAND_LIMITS.choices)
            .map((c) => ({ name: clip(c.name, 100), value: o.type === 'integer' ? Number(c.value) : c.value })),
        }
      : {}),
  };
}

/**
 * `/sip` with one subcommand per CommandDef and its typed options, for
 * PUT /applications/{id}/commands. Discord wants required options first.
 */
export function sipCommandJson(commands: CommandDef[]): Record<string, unknown> {
  return {
    name: 'sip',
    type: 1,
    description: 'Why are our calls getting SIP 403? Explain codes, find patterns, walk the checklist.',
    options: commands.slice(0, DISCORD_COMMAND_LIMITS.options).map((c) => ({
      type: SUBCOMMAND,
      name: optionName(c.name),
      description: clip(c.summary || c.name, DISCORD_COMMAND_LIMITS.description),
      options: [...c.options.filter((o) => o.required), ...c.options.filter((o) => !o.required)]
        .slice(0, DISCORD_COMMAND_LIMITS.options)
        .map(optionJson),
    })),
  };
}

/** The option name as registered, for reading it back from an interaction. */
export { optionName as discordOptionName };
