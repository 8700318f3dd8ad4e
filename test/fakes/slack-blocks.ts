/**
 * Block Kit validation as Slack documents it (docs.slack.dev/reference/block-kit). Returns the
 * first problem found, or null. The fake answers {ok:false,error:'invalid_blocks'} on a problem
 * and 'msg_blocks_too_long' past the undocumented ~12k characters of block text (bolt-js #2509).
 */
type J = Record<string, unknown>;

export const BLOCK_LIMITS = {
  messageBlocks: 50,
  modalBlocks: 100,
  blockId: 255,
  sectionText: 3000,
  fields: 10,
  fieldText: 2000,
  header: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  actionId: 255,
  buttonValue: 2000,
  textObject: 3000,
  blocksTotalChars: 12_000,
} as const;

function textObj(t: unknown, max: number, where: string, types = ['plain_text', 'mrkdwn']): string | null {
  if (!t || typeof t !== 'object') return `${where}: missing text object`;
  const o = t as J;
  if (!types.includes(String(o.type))) return `${where}: text type must be ${types.join(' or ')}`;
  if (typeof o.text !== 'string' || o.text.length < 1) return `${where}: text must be 1+ characters`;
  if (o.text.length > max) return `${where}: text longer than ${max}`;
  return null;
}

function element(e: J, where: string, actionIds: Set<string>): string | null {
  if (e.type === 'button') {
    const p = textObj(e.text, BLOCK_LIMITS.buttonText, `${where}.text`, ['plain_text']);
    if (p) return p;
    if (typeof e.action_id !== 'string' || e.action_id.length < 1 || e.action_id.length > BLOCK_LIMITS.actionId)
      return `${where}: action_id must be 1-255 characters`;
    if (actionIds.has(e.action_id)) return `${where}: duplicate action_id ${e.action_id}`;
    actionIds.add(e.action_id);
    // Slack: 'must be at least 1 characters' for "value": "" (the key may be left out instead).
    if (
      e.value !== undefined &&
      (typeof e.value !== 'string' || e.value.length < 1 || e.value.length > BLOCK_LIMITS.buttonValue)
    )
      return `${where}: value must be 1-2000 characters`;
    if (e.style !== undefined && e.style !== 'primary' && e.style !== 'danger')
      return `${where}: style must be primary or danger`;
    return null;
  }
  if (e.type === 'plain_text_input' || e.type === 'static_select') {
    if (typeof e.action_id !== 'string' || e.action_id.length > BLOCK_LIMITS.actionId) return `${where}: action_id`;
    // Slack refuses a view whose pre-filled value is longer than the input allows.
    if (
      e.type === 'plain_text_input' &&
      typeof e.initial_value === 'string' &&
      typeof e.max_length === 'number' &&
      e.initial_value.length > e.max_length
    )
      return `${where}: initial_value longer than max_length`;
    if (e.type === 'plain_text_input' && typeof e.max_length === 'number' && (e.max_length < 1 || e.max_length > 3000))
      return `${where}: max_length must be 1-3000`;
    if (e.type === 'static_select') {
      const opts = e.options as J[] | undefined;
      if (!Array.isArray(opts) || opts.length < 1 || opts.length > 100) return `${where}: 1-100 options`;
      for (const o of opts) {
        const p = textObj(o.text, 75, `${where}.option`, ['plain_text']);
        if (p) return p;
        if (typeof o.value !== 'string' || o.value.length > 75) return `${where}: option value longer than 75`;
      }
    }
    return null;
  }
  return `${where}: unsupported element type ${String(e.type)}`;
}

export function validateBlocks(blocks: unknown, opts: { modal?: boolean; home?: boolean } = {}): string | null {
  if (!Array.isArray(blocks)) return 'blocks must be an array';
  const max = opts.modal || opts.home ? BLOCK_LIMITS.modalBlocks : BLOCK_LIMITS.messageBlocks;
  if (blocks.length > max) return `no more than ${max} blocks`;
  const blockIds = new Set<string>();
  const actionIds = new Set<string>();
  let chars = 0;
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i] as J;
    const where = `blocks[${i}]`;
    if (b.block_id !== undefined) {
      if (typeof b.block_id !== 'string' || b.block_id.length > BLOCK_LIMITS.blockId)
        return `${where}: block_id longer than 255`;
      if (blockIds.has(b.block_id)) return `${where}: duplicate block_id`;
      blockIds.add(b.block_id);
    }
    let p: string | null = null;
    switch (b.type) {
      case 'header':
        p = textObj(b.text, BLOCK_LIMITS.header, `${where}.text`, ['plain_text']);
        chars += String((b.text as J | undefined)?.text ?? '').length;
        break;
      case 'section': {
        if (b.text === undefined && b.fields === undefined) return `${where}: section needs text or fields`;
        if (b.text !== undefined) {
          p = textObj(b.text, BLOCK_LIMITS.sectionText, `${where}.text`);
          chars += String((b.text as J).text ?? '').length;
        }
        if (!p && b.fields !== undefined) {
          const f = b.fields as J[];
          if (!Array.isArray(f) || f.length < 1 || f.length > BLOCK_LIMITS.fields) return `${where}: 1-10 fields`;
          for (let j = 0; j < f.length && !p; j++) {
            p = textObj(f[j], BLOCK_LIMITS.fieldText, `${where}.fields[${j}]`);
            chars += String(f[j]?.text ?? '').length;
          }
        }
        break;
      }
      case 'context': {
        const els = b.elements as J[];
        if (!Array.isArray(els) || els.length < 1 || els.length > BLOCK_LIMITS.contextElements)
          return `${where}: 1-10 context elements`;
        for (let j = 0; j < els.length && !p; j++) {
          if (els[j]!.type === 'image') continue;
          p = textObj(els[j], BLOCK_LIMITS.textObject, `${where}.elements[${j}]`);
          chars += String(els[j]?.text ?? '').length;
        }
        break;
      }
      case 'divider':
        break;
      case 'actions': {
        const els = b.elements as J[];
        if (!Array.isArray(els) || els.length < 1 || els.length > BLOCK_LIMITS.actionsElements)
          return `${where}: 1-25 actions elements`;
        for (let j = 0; j < els.length && !p; j++) p = element(els[j]!, `${where}.elements[${j}]`, actionIds);
        break;
      }
      case 'image':
        if (typeof b.alt_text !== 'string' || b.alt_text.length > 2000) return `${where}: alt_text`;
        break;
      case 'input':
        if (!opts.modal) return `${where}: input blocks only in modals`;
        p =
          textObj(b.label, 2000, `${where}.label`, ['plain_text']) ??
          element(b.element as J, `${where}.element`, new Set());
        break;
      default:
        return `${where}: unknown block type ${String(b.type)}`;
    }
    if (p) return p;
  }
  if (!opts.modal && !opts.home && chars > BLOCK_LIMITS.blocksTotalChars) return 'msg_blocks_too_long';
  return null;
}

/** views.open / views.update view validation. */
export function validateView(view: unknown, type: 'modal' | 'home' = 'modal'): string | null {
  if (!view || typeof view !== 'object') return 'view must be an object';
  const v = view as J;
  if (v.type !== type) return `view.type must be ${type}`;
  // A Home tab has no title or buttons of its own; its blocks follow message rules, up to 100.
  if (type === 'home') return validateBlocks(v.blocks, { home: true });
  const t = textObj(v.title, 24, 'view.title', ['plain_text']);
  if (t) return t;
  if (v.submit !== undefined) {
    const s = textObj(v.submit, 24, 'view.submit', ['plain_text']);
    if (s) return s;
  }
  if (v.close !== undefined) {
    const c = textObj(v.close, 24, 'view.close', ['plain_text']);
    if (c) return c;
  }
  if (typeof v.callback_id === 'string' && v.callback_id.length > 255) return 'view.callback_id longer than 255';
  if (typeof v.private_metadata === 'string' && v.private_metadata.length > 3000)
    return 'view.private_metadata longer than 3000';
  return validateBlocks(v.blocks, { modal: true });
}
