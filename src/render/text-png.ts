import { existsSync } from 'node:fs';
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';

/**
 * A terminal screenshot: text with the ANSI styles renderText() emits (bold, dim, colours) drawn
 * as a PNG, so the console's replies can be looked at, and shown in the docs, without a terminal.
 */
const FONT_DIR = '/usr/share/fonts/truetype/dejavu';
const COLOURS: Record<string, string> = { '31': '#f14c4c', '32': '#23d18b', '33': '#f5f543', '36': '#29b8db' };
const FG = '#d4d4d4';
const BG = '#1e1e1e';

let family: string | null = null;

function font(): string {
  if (family) return family;
  family = 'monospace';
  for (const file of ['DejaVuSansMono.ttf', 'DejaVuSansMono-Bold.ttf']) {
    const p = `${FONT_DIR}/${file}`;
    if (existsSync(p) && GlobalFonts.registerFromPath(p, 'DejaVu Sans Mono')) family = 'DejaVu Sans Mono';
  }
  return family;
}

interface Run {
  text: string;
  bold: boolean;
  dim: boolean;
  colour: string;
}

/** Splits a line into runs of one style, following SGR codes 1, 2, 22, 3x and 39. */
function runs(line: string): Run[] {
  const out: Run[] = [];
  let st = { bold: false, dim: false, colour: FG };
  // eslint-disable-next-line no-control-regex -- ANSI escapes are the input
  for (const part of line.split(/(\u001b\[[0-9;]*m)/)) {
    // eslint-disable-next-line no-control-regex -- as above
    const m = /^\u001b\[([0-9;]*)m$/.exec(part);
    if (!m) {
      if (part) out.push({ text: part, ...st });
      continue;
    }
    for (const code of (m[1] || '0').split(';')) {
      if (code === '0') st = { bold: false, dim: false, colour: FG };
      else if (code === '1') st = { ...st, bold: true };
      else if (code === '2') st = { ...st, dim: true };
      else if (code === '22') st = { ...st, bold: false, dim: false };
      else if (code === '39') st = { ...st, colour: FG };
      else if (COLOURS[code]) st = { ...st, colour: COLOURS[code] };
    }
  }
  return out;
}

export function textToPng(text: string, opts: { fontSize?: number; minColumns?: number } = {}): Buffer {
  const size = opts.fontSize ?? 15;
  const lineHeight = Math.round(size * 1.35);
  const pad = 18;
  const f = font();
  const lines = text.replace(/\n$/, '').split('\n');
  // eslint-disable-next-line no-control-regex -- strip ANSI to measure
  const columns = Math.max(opts.minColumns ?? 0, ...lines.map((l) => [...l.replace(/\u001b\[[0-9;]*m/g, '')].length));
  const probe = createCanvas(10, 10).getContext('2d');
  probe.font = `${size}px "${f}"`;
  const cw = probe.measureText('M').width;
  const canvas = createCanvas(Math.ceil(columns * cw + 2 * pad), lines.length * lineHeight + 2 * pad);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = BG;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.textBaseline = 'top';
  lines.forEach((line, row) => {
    let col = 0;
    for (const r of runs(line)) {
      ctx.font = `${r.bold ? 'bold ' : ''}${size}px "${f}"`;
      ctx.fillStyle = r.colour;
      ctx.globalAlpha = r.dim ? 0.6 : 1;
      // Column by column: box-drawing and block characters keep the grid.
      for (const ch of r.text) {
        ctx.fillText(ch, pad + col * cw, pad + row * lineHeight);
        col++;
      }
    }
  });
  return canvas.toBuffer('image/png');
}
