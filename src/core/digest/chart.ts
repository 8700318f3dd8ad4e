import { existsSync } from 'node:fs';
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import { Chart, registerables, type ChartConfiguration } from 'chart.js';
import type { HourStat } from '../analysis/types.js';

const FONT_DIR = '/usr/share/fonts/truetype/dejavu';
let ready = false;
let family = 'sans-serif';

export function setUp(): void {
  if (ready) return;
  Chart.register(...registerables);
  // DejaVu where it is installed (Debian/Ubuntu); otherwise whatever sans-serif the system has.
  for (const [file, name] of [
    ['DejaVuSans.ttf', 'DejaVu Sans'],
    ['DejaVuSans-Bold.ttf', 'DejaVu Sans'],
  ] as const) {
    const p = `${FONT_DIR}/${file}`;
    if (existsSync(p) && GlobalFonts.registerFromPath(p, name)) family = name;
  }
  Chart.defaults.font.family = family;
  Chart.defaults.color = '#333';
  ready = true;
}

const LOG_TICKS = [0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30, 100];
/** On a linear axis a line below 1/12 of the axis sits on the x axis, unseen. */
const LINEAR_SPAN = 12;

/**
 * The refusal-rate axis: never above 100%, and the baseline always visible. A linear axis whose
 * top is a round number above the highest hour; when the highest hour is more than 12x the
 * baseline (92% on a route against a 0.3% baseline), a log axis from the decade below the
 * baseline, with hours of no refusals drawn on its floor.
 */
export function rateAxis(
  baselinePct: number,
  ratesPct: Array<number | null>,
): { log: boolean; min: number; max: number; rates: Array<number | null> } {
  const top = Math.max(baselinePct, ...ratesPct.map((r) => r ?? 0));
  const nice = [1, 2, 5, 10, 20, 25, 50, 75, 100].find((n) => n >= top * 1.1) ?? 100;
  if (baselinePct <= 0 || top <= baselinePct * LINEAR_SPAN)
    return { log: false, min: 0, max: Math.min(100, nice), rates: ratesPct };
  const min = Math.max(0.01, 10 ** Math.floor(Math.log10(baselinePct / 2)));
  const max = Math.min(100, LOG_TICKS.find((t) => t >= top * 1.1) ?? 100);
  return { log: true, min, max, rates: ratesPct.map((r) => (r === null ? null : Math.max(min, r))) };
}

export interface ChartInput {
  hours: HourStat[];
  baselineRate: number;
  title: string;
  width?: number;
  height?: number;
}

/**
 * Refusals by hour: stacked bars of refused and other calls (left axis), the refusal rate as a
 * line (right axis) and the baseline rate dashed. Rendered with chart.js on @napi-rs/canvas:
 * no browser.
 */
export function renderHourlyChart(input: ChartInput): Buffer {
  setUp();
  const width = input.width ?? 1000;
  const height = input.height ?? 460;
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  const labels = input.hours.map((h) => h.label);
  const axis = rateAxis(
    input.baselineRate * 100,
    input.hours.map((h) => (h.calls > 0 ? (h.blocked / h.calls) * 100 : null)),
  );
  const ratePct = axis.rates;
  const config: ChartConfiguration<'bar' | 'line', Array<number | null>, string> = {
    type: 'bar',
    data: {
      labels,
      datasets: [
        {
          type: 'line',
          label: 'refusal rate %',
          data: ratePct,
          yAxisID: 'rate',
          borderColor: '#111',
          backgroundColor: '#111',
          borderWidth: 2.5,
          pointRadius: 2.5,
          spanGaps: true,
          order: 0,
        },
        // No history: there is no baseline to draw, and the legend says so (never "baseline 0%").
        input.baselineRate > 0
          ? {
              type: 'line',
              label: `baseline ${(input.baselineRate * 100).toFixed(2)}%`,
              data: labels.map(() => input.baselineRate * 100),
              yAxisID: 'rate',
              borderColor: '#e8590c',
              borderDash: [8, 4],
              borderWidth: 3,
              pointRadius: 0,
              order: 1,
            }
          : {
              type: 'line',
              label: 'no history yet',
              data: [],
              yAxisID: 'rate',
              borderColor: '#e8590c',
              borderDash: [8, 4],
              borderWidth: 3,
              pointRadius: 0,
              order: 1,
            },
        {
          type: 'bar',
          label: 'refused calls',
          data: input.hours.map((h) => h.blocked),
          backgroundColor: '#d93f3f',
          stack: 'calls',
          yAxisID: 'calls',
          order: 2,
        },
        {
          type: 'bar',
          label: 'other calls',
          data: input.hours.map((h) => h.calls - h.blocked),
          backgroundColor: '#c9d3de',
          stack: 'calls',
          yAxisID: 'calls',
          order: 3,
        },
      ],
    },
    options: {
      responsive: false,
      animation: false,
      devicePixelRatio: 1,
      layout: { padding: 12 },
      plugins: {
        title: { display: true, text: input.title, font: { size: 18, weight: 'bold' }, padding: { bottom: 6 } },
        legend: { position: 'bottom', labels: { font: { size: 13 }, boxWidth: 18 } },
      },
      scales: {
        x: {
          stacked: true,
          grid: { display: false },
          ticks: { font: { size: 12 }, maxRotation: 0, autoSkip: true, autoSkipPadding: 8 },
        },
        calls: {
          type: 'linear',
          position: 'left',
          stacked: true,
          beginAtZero: true,
          title: { display: true, text: 'calls per hour', font: { size: 13 } },
          ticks: { font: { size: 12 } },
        },
        rate: axis.log
          ? {
              type: 'logarithmic',
              position: 'right',
              min: axis.min,
              max: axis.max,
              title: { display: true, text: 'refused % (log scale)', font: { size: 13 } },
              grid: { drawOnChartArea: false },
              // 1-3-10 steps only: a log axis labelled at every minor tick is unreadable.
              ticks: {
                font: { size: 12 },
                autoSkip: false,
                callback: (v) => (LOG_TICKS.includes(Number(v)) ? `${Number(v)}%` : null),
              },
              afterBuildTicks: (scale) => {
                scale.ticks = LOG_TICKS.filter((t) => t >= axis.min && t <= axis.max).map((value) => ({ value }));
              },
            }
          : {
              type: 'linear',
              position: 'right',
              min: 0,
              max: axis.max,
              title: { display: true, text: 'refused %', font: { size: 13 } },
              grid: { drawOnChartArea: false },
              ticks: { font: { size: 12 }, callback: (v) => `${v}%` },
            },
      },
    },
  };
  // chart.js draws on any 2D context; in Node it picks its BasicPlatform (no DOM, no events).
  const chart = new Chart(ctx as unknown as ConstructorParameters<typeof Chart>[0], config as ChartConfiguration);
  const png = canvas.toBuffer('image/png');
  chart.destroy();
  return png;
}
