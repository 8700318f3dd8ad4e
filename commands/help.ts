import type { Reply } from '../src/reply.js';
import type { CommandDef } from './types.js';

/** `/sip help [command]`: generated from the command definitions. */
export const command: CommandDef = {
  name: 'help',
  aliases: ['?'],
  summary: 'List the commands, or show one in detail',
  usage: '/sip help [command]',
  examples: ['/sip help', '/sip help digest'],
  options: [{ name: 'command', description: 'A command to explain', type: 'string' }],
  async run(args): Promise<Reply> {
    // Imported lazily: the registry imports this file.
    const { commands, findCommand } = await import('./registry.js');
    const one = args.command ? findCommand(args.command) : undefined;
    if (one) {
      return {
        title: `/sip ${one.name}`,
        ephemeral: true,
        blocks: [
          { kind: 'text', text: one.summary },
          { kind: 'text', heading: 'Usage', text: '`' + one.usage + '`' },
          ...(one.options.length
            ? [
                {
                  kind: 'list' as const,
                  heading: 'Options',
                  items: one.options.map((o) => `\`${o.name}\`${o.required ? '' : ' (optional)'}: ${o.description}`),
                },
              ]
            : []),
          ...(one.examples.length
            ? [{ kind: 'list' as const, heading: 'Examples', items: one.examples.map((e) => '`' + e + '`') }]
            : []),
        ],
      };
    }
    return {
      title: 'sipbot: why are our calls getting 403?',
      ephemeral: true,
      blocks: [
        ...(args.command
          ? [{ kind: 'text' as const, text: `No command \`${args.command}\`. These are the ones there are:` }]
          : []),
        {
          kind: 'table',
          columns: ['command', 'what it does'],
          rows: commands.map((c) => ['`' + c.usage + '`', c.summary]),
        },
        { kind: 'context', text: '`/sip 403` is short for `/sip explain 403`. `/sip help <command>` shows examples.' },
      ],
    };
  },
};
