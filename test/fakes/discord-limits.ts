/**
 * Discord's documented payload limits (discord-api-docs: resources/message,
 * components/reference, interactions/application-commands). Each check returns the first
 * problem or null; the fake answers 400 {code:50035,"Invalid Form Body"} on a problem.
 */
type J = Record<string, unknown>;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export function validateMessage(body: J, fileNames: string[]): string | null {
  const content = body.content;
  if (content !== undefined && content !== null && (typeof content !== 'string' || content.length > 2000))
    return 'content: at most 2000 characters';
  const embeds = (body.embeds as J[] | undefined) ?? [];
  if (!Array.isArray(embeds) || embeds.length > 10) return 'embeds: at most 10';
  let total = 0;
  for (let i = 0; i < embeds.length; i++) {
    const e = embeds[i]!;
    const w = `embeds[${i}]`;
    const title = str(e.title);
    const description = str(e.description);
    if (title.length > 256) return `${w}.title: at most 256`;
    if (description.length > 4096) return `${w}.description: at most 4096`;
    const fields = (e.fields as J[] | undefined) ?? [];
    if (fields.length > 25) return `${w}.fields: at most 25`;
    for (let j = 0; j < fields.length; j++) {
      const n = str(fields[j]!.name);
      const v = str(fields[j]!.value);
      if (n.length < 1 || n.length > 256) return `${w}.fields[${j}].name: 1-256`;
      if (v.length < 1 || v.length > 1024) return `${w}.fields[${j}].value: 1-1024`;
      total += n.length + v.length;
    }
    const footer = str((e.footer as J | undefined)?.text);
    if (footer.length > 2048) return `${w}.footer.text: at most 2048`;
    const author = str((e.author as J | undefined)?.name);
    if (author.length > 256) return `${w}.author.name: at most 256`;
    total += title.length + description.length + footer.length + author.length;
    const img = str((e.image as J | undefined)?.url);
    if (img.startsWith('attachment://') && !fileNames.includes(img.slice(13)))
      return `${w}.image.url: no attachment ${img.slice(13)}`;
  }
  if (total > 6000) return `embeds: ${total} characters in total, at most 6000`;
  const rows = (body.components as J[] | undefined) ?? [];
  if (!Array.isArray(rows) || rows.length > 5) return 'components: at most 5 action rows';
  const ids = new Set<string>();
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    if (row.type !== 1) return `components[${i}]: must be an action row (type 1)`;
    const comps = (row.components as J[] | undefined) ?? [];
    if (comps[0]?.type === 3) {
      // A string select fills its row alone (components/reference: string select).
      const sel = comps[0];
      const w = `components[${i}].components[0]`;
      if (comps.length !== 1) return `components[${i}]: a select must be alone in its row`;
      const id = str(sel.custom_id);
      if (id.length < 1 || id.length > 100 || ids.has(id)) return `${w}.custom_id: 1-100 characters, unique`;
      ids.add(id);
      if (str(sel.placeholder).length > 150) return `${w}.placeholder: at most 150`;
      const options = (sel.options as J[] | undefined) ?? [];
      if (options.length < 1 || options.length > 25) return `${w}.options: 1-25`;
      const values = new Set<string>();
      for (const o of options) {
        if (str(o.label).length < 1 || str(o.label).length > 100) return `${w}.options.label: 1-100`;
        if (str(o.value).length < 1 || str(o.value).length > 100 || values.has(str(o.value)))
          return `${w}.options.value: 1-100, unique`;
        values.add(str(o.value));
      }
      continue;
    }
    if (comps.length < 1 || comps.length > 5) return `components[${i}].components: 1-5 buttons`;
    for (let j = 0; j < comps.length; j++) {
      const c = comps[j]!;
      const w = `components[${i}].components[${j}]`;
      if (c.type !== 2) return `${w}: only buttons supported by this fake`;
      if (str(c.label).length > 80) return `${w}.label: at most 80`;
      const style = Number(c.style);
      if (!(style >= 1 && style <= 6)) return `${w}.style`;
      if (style === 5) {
        if (!str(c.url) || str(c.url).length > 512) return `${w}.url: required, at most 512`;
        continue;
      }
      const id = str(c.custom_id);
      if (id.length < 1 || id.length > 100) return `${w}.custom_id: 1-100 characters`;
      if (ids.has(id)) return `${w}.custom_id: duplicate`;
      ids.add(id);
    }
  }
  return null;
}

export function isEmptyMessage(body: J, files: number): boolean {
  const embeds = (body.embeds as J[] | undefined) ?? [];
  const comps = (body.components as J[] | undefined) ?? [];
  return !str(body.content) && embeds.length === 0 && comps.length === 0 && files === 0;
}

export function validateModal(data: J): string | null {
  const id = str(data.custom_id);
  if (id.length < 1 || id.length > 100) return 'custom_id: 1-100 characters';
  const title = str(data.title);
  if (title.length < 1 || title.length > 45) return 'title: 1-45 characters';
  const rows = (data.components as J[] | undefined) ?? [];
  if (rows.length < 1 || rows.length > 5) return 'components: 1-5';
  const ids = new Set<string>();
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const inner =
      row.type === 1
        ? ((row.components as J[] | undefined) ?? [])[0]
        : row.type === 18
          ? (row.component as J | undefined)
          : undefined;
    if (!inner || inner.type !== 4) return `components[${i}]: a text input in an action row`;
    const cid = str(inner.custom_id);
    if (cid.length < 1 || cid.length > 100 || ids.has(cid)) return `components[${i}].custom_id`;
    ids.add(cid);
    if (row.type === 1 && (str(inner.label).length < 1 || str(inner.label).length > 45))
      return `components[${i}].label: 1-45 characters`;
    if (inner.style !== 1 && inner.style !== 2) return `components[${i}].style`;
    if (str(inner.placeholder).length > 100) return `components[${i}].placeholder: at most 100`;
    if (str(inner.value).length > 4000) return `components[${i}].value: at most 4000`;
  }
  return null;
}

const NAME = /^[-_\p{Ll}\p{Lo}\p{N}]{1,32}$/u;

function validateOptions(options: J[], where: string, depth: number): string | null {
  if (options.length > 25) return `${where}: at most 25 options`;
  let optionalSeen = false;
  const names = new Set<string>();
  for (let i = 0; i < options.length; i++) {
    const o = options[i]!;
    const w = `${where}[${i}]`;
    if (!NAME.test(str(o.name))) return `${w}.name: lowercase, 1-32 characters`;
    if (names.has(str(o.name))) return `${w}.name: duplicate`;
    names.add(str(o.name));
    const d = str(o.description);
    if (d.length < 1 || d.length > 100) return `${w}.description: 1-100 characters`;
    const type = Number(o.type);
    if (type === 1 || type === 2) {
      if (depth > 1) return `${w}: subcommands nest at most two levels`;
      const p = validateOptions((o.options as J[] | undefined) ?? [], `${w}.options`, depth + 1);
      if (p) return p;
      continue;
    }
    if (!(type >= 3 && type <= 11)) return `${w}.type`;
    if (o.required) {
      if (optionalSeen) return `${w}: required options must come before optional ones`;
    } else optionalSeen = true;
    const choices = (o.choices as J[] | undefined) ?? [];
    if (choices.length > 25) return `${w}.choices: at most 25`;
    for (const c of choices) if (str(c.name).length < 1 || str(c.name).length > 100) return `${w}.choices.name: 1-100`;
  }
  return null;
}

export function validateCommands(list: unknown): string | null {
  if (!Array.isArray(list)) return 'body must be an array';
  if (list.length > 100) return 'at most 100 chat input commands';
  for (let i = 0; i < list.length; i++) {
    const c = list[i] as J;
    if (!NAME.test(str(c.name))) return `[${i}].name: lowercase, 1-32 characters`;
    const d = str(c.description);
    if (d.length < 1 || d.length > 100) return `[${i}].description: 1-100 characters`;
    const p = validateOptions((c.options as J[] | undefined) ?? [], `[${i}].options`, 0);
    if (p) return p;
  }
  return null;
}
