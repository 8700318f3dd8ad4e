/**
 * Discord payloads rebuilt through @discordjs/builders' setters, which validate lengths and
 * counts with Discord's own limits (the builders' shapeshift validators). Throws on the first
 * problem, with the builder's message.
 */
import {
  ActionRowBuilder,
  ButtonBuilder,
  EmbedBuilder,
  ModalBuilder,
  SlashCommandBuilder,
  StringSelectMenuBuilder,
  StringSelectMenuOptionBuilder,
  TextInputBuilder,
  embedLength,
} from '@discordjs/builders';
import type { ButtonStyle, TextInputStyle } from 'discord.js';
import type { DiscordMessage } from '../../src/adapters/discord/render.js';
import type { DiscordModal } from '../../src/adapters/discord/render-modal.js';

type J = Record<string, unknown>;

export function checkDiscordMessage(m: DiscordMessage): void {
  if (m.content !== undefined && m.content.length > 2000)
    throw new Error(`content: ${m.content.length} characters, at most 2000`);
  if (m.embeds.length > 10) throw new Error(`${m.embeds.length} embeds, at most 10`);
  let total = 0;
  for (const e of m.embeds) {
    const b = new EmbedBuilder();
    if (e.title !== undefined) b.setTitle(e.title);
    if (e.description !== undefined) b.setDescription(e.description);
    if (e.color !== undefined) b.setColor(e.color);
    if (e.fields?.length) b.addFields(...e.fields);
    if (e.footer) b.setFooter({ text: e.footer.text });
    if (e.image) b.setImage(e.image.url);
    total += embedLength(b.toJSON());
  }
  if (total > 6000) throw new Error(`embeds: ${total} characters in total, at most 6000`);
  if (m.components.length > 5) throw new Error(`${m.components.length} action rows, at most 5`);
  const ids = new Set<string>();
  for (const row of m.components) {
    if (row.components.length < 1 || row.components.length > 5)
      throw new Error(`an action row of ${row.components.length} components`);
    const r = new ActionRowBuilder<ButtonBuilder | StringSelectMenuBuilder>();
    for (const c of row.components) {
      if (ids.has(c.custom_id)) throw new Error(`duplicate custom_id ${c.custom_id}`);
      ids.add(c.custom_id);
      if (c.type === 2)
        r.addComponents(
          new ButtonBuilder()
            .setCustomId(c.custom_id)
            .setLabel(c.label)
            .setStyle(c.style as ButtonStyle),
        );
      else {
        if (row.components.length !== 1) throw new Error('a select must be alone in its row');
        r.addComponents(
          new StringSelectMenuBuilder()
            .setCustomId(c.custom_id)
            .setPlaceholder(c.placeholder)
            .addOptions(c.options.map((o) => new StringSelectMenuOptionBuilder().setLabel(o.label).setValue(o.value))),
        );
      }
    }
    r.toJSON();
    for (const c of r.components) c.toJSON();
  }
}

export function checkDiscordModal(m: DiscordModal): void {
  const modal = new ModalBuilder().setCustomId(m.custom_id).setTitle(m.title);
  for (const row of m.components) {
    const c = row.components[0]! as J & { custom_id: string };
    const input = new TextInputBuilder()
      .setCustomId(c.custom_id)
      .setLabel(String(c.label))
      .setStyle(Number(c.style) as TextInputStyle)
      .setRequired(Boolean(c.required));
    if (typeof c.placeholder === 'string') input.setPlaceholder(c.placeholder);
    if (typeof c.max_length === 'number') input.setMaxLength(c.max_length);
    if (typeof c.value === 'string') input.setValue(c.value);
    if (typeof c.max_length === 'number' && typeof c.value === 'string' && c.value.length > c.max_length)
      throw new Error(`${c.custom_id}: value longer than max_length`);
    modal.addComponents(new ActionRowBuilder<TextInputBuilder>().addComponents(input));
  }
  modal.toJSON();
}

/** The /sip command JSON rebuilt with SlashCommandBuilder (names, descriptions, option order). */
export function checkDiscordCommand(json: J): void {
  const b = new SlashCommandBuilder().setName(String(json.name)).setDescription(String(json.description));
  for (const sub of json.options as J[]) {
    b.addSubcommand((s) => {
      s.setName(String(sub.name)).setDescription(String(sub.description));
      for (const o of (sub.options as J[] | undefined) ?? []) {
        const set = <T extends { setName(n: string): T; setDescription(d: string): T; setRequired(r: boolean): T }>(
          x: T,
        ): T => x.setName(String(o.name)).setDescription(String(o.description)).setRequired(Boolean(o.required));
        if (o.type === 4) s.addIntegerOption((x) => set(x));
        else s.addStringOption((x) => set(x));
      }
      return s;
    });
  }
  b.toJSON();
}
