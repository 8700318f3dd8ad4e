const BARS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/**
 * `▁▁▂▁▁▇█`: one character per value, scaled from 0 to `max` (default: the largest value), so a
 * route that went from 0.3% to 92% shows the jump; `·` where there is no value (no calls that day).
 */
export function sparkline(values: Array<number | null>, max?: number): string {
  const top = max ?? Math.max(0, ...values.map((v) => v ?? 0));
  return values
    .map((v) => {
      if (v === null) return '·';
      if (top <= 0) return BARS[0];
      return BARS[Math.min(BARS.length - 1, Math.round((v / top) * (BARS.length - 1)))];
    })
    .join('');
}
