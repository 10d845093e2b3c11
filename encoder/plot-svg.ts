/**
 * A minimal hand-written SVG line chart for training curves: one panel per series (loss, τ, solve
 * rate, …) stacked vertically, each with its own y range, a shared x axis (steps), and min/max
 * labels. No dependencies; the output is small and readable as text.
 */

export interface Series {
  name: string;
  /** [x, y] points, x ascending. */
  points: [number, number][];
  colour: string;
}

const W = 640;
const PANEL = 150;
const PAD = { left: 64, right: 16, top: 24, bottom: 28 };

const fmt = (v: number): string =>
  Math.abs(v) >= 1000 || (Math.abs(v) < 0.01 && v !== 0) ? v.toExponential(2) : Number(v.toPrecision(3)).toString();
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

export function plotSvg(title: string, series: readonly Series[]): string {
  const shown = series.filter((s) => s.points.length > 0);
  const height = PAD.top + shown.length * (PANEL + PAD.bottom) + 8;
  let xMin = Number.POSITIVE_INFINITY;
  let xMax = Number.NEGATIVE_INFINITY;
  for (const s of shown)
    for (const [x] of s.points) {
      xMin = Math.min(xMin, x);
      xMax = Math.max(xMax, x);
    }
  if (!(xMax > xMin)) xMax = xMin + 1;
  const plotW = W - PAD.left - PAD.right;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${W / 2}" y="16" text-anchor="middle" font-size="13">${esc(title)}</text>`,
  ];
  shown.forEach((s, i) => {
    const top = PAD.top + i * (PANEL + PAD.bottom);
    let yMin = Number.POSITIVE_INFINITY;
    let yMax = Number.NEGATIVE_INFINITY;
    for (const [, y] of s.points) {
      yMin = Math.min(yMin, y);
      yMax = Math.max(yMax, y);
    }
    if (!(yMax > yMin)) {
      // A constant series sits mid-panel with a small range around it (a rate must not show 1.57).
      const pad = Math.abs(yMin) * 0.1 || 0.5;
      yMin -= pad;
      yMax += pad;
    }
    const px = (x: number) => (PAD.left + ((x - xMin) / (xMax - xMin)) * plotW).toFixed(1);
    const py = (y: number) => (top + PANEL - ((y - yMin) / (yMax - yMin)) * PANEL).toFixed(1);
    const path = s.points.map(([x, y], k) => `${k === 0 ? 'M' : 'L'}${px(x)},${py(y)}`).join('');
    out.push(
      `<rect x="${PAD.left}" y="${top}" width="${plotW}" height="${PANEL}" fill="none" stroke="#bbb"/>`,
      `<text x="${PAD.left + 6}" y="${top + 14}" fill="${s.colour}">${esc(s.name)}</text>`,
      `<text x="${PAD.left - 4}" y="${top + 10}" text-anchor="end">${fmt(yMax)}</text>`,
      `<text x="${PAD.left - 4}" y="${top + PANEL}" text-anchor="end">${fmt(yMin)}</text>`,
      `<text x="${PAD.left}" y="${top + PANEL + 14}">${fmt(xMin)}</text>`,
      `<text x="${W - PAD.right}" y="${top + PANEL + 14}" text-anchor="end">step ${fmt(xMax)}</text>`,
      `<path d="${path}" fill="none" stroke="${s.colour}" stroke-width="1.5"/>`,
    );
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
