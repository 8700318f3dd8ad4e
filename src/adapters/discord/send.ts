import type { BaseMessageOptions } from 'discord.js';
import type { DiscordMessage } from './render.js';

/** A rendered message as discord.js options (files as attachments, referenced by attachment://). */
export function toDiscordJs(msg: DiscordMessage): BaseMessageOptions {
  return {
    embeds: msg.embeds as never,
    components: msg.components as never,
    files: msg.files.map((f) => ({ attachment: f.data, name: f.name })),
  };
}

/** The same message as a raw REST body + files, for the Poster (no interaction involved). */
export function toRest(msg: DiscordMessage): {
  body: Record<string, unknown>;
  files: Array<{ name: string; data: Buffer; contentType?: string }>;
} {
  return {
    body: {
      ...(msg.content ? { content: msg.content } : {}),
      embeds: msg.embeds,
      components: msg.components,
      ...(msg.files.length ? { attachments: msg.files.map((f, i) => ({ id: i, filename: f.name })) } : {}),
    },
    files: msg.files.map((f) => ({
      name: f.name,
      data: f.data,
      ...(f.contentType ? { contentType: f.contentType } : {}),
    })),
  };
}
