// Horizontal bar chart (inline SVG): the share of the circle's demand covered per town, with the target as a line.
import { escapeHtml } from './dom.js';
import { fmtPct, t } from './i18n.js';
import { STATUS_COLOUR } from './palette.js';

const ROW = 22;
const LABEL = 86;
const WIDTH = 300;
const BAR = WIDTH - LABEL - 44;

/** SVG markup for towns [{ name, shareDemand }] against targetPercent; unit names the demand (人 / 老年人(60+)). */
export function townChartSvg(towns, targetPercent, unit) {
  const height = towns.length * ROW + 22;
  const targetX = LABEL + (BAR * targetPercent) / 100;
  const bars = towns
    .map((row, i) => {
      const y = i * ROW + 4;
      const w = Math.max(0, Math.min(1, row.shareDemand ?? 0)) * BAR;
      return `<g class="chart-row" data-town="${escapeHtml(row.name)}">
        <text x="${LABEL - 6}" y="${y + 13}" text-anchor="end">${escapeHtml(truncate(row.name, 7))}</text>
        <rect x="${LABEL}" y="${y}" width="${BAR}" height="16" fill="#eee"/>
        <rect class="chart-bar" x="${LABEL}" y="${y}" width="${w.toFixed(1)}" height="16" fill="${row.met ? STATUS_COLOUR.covered : STATUS_COLOUR.uncovered}"/>
        <text x="${LABEL + BAR + 4}" y="${y + 13}">${fmtPct(row.shareDemand)}</text></g>`;
    })
    .join('');
  return `<svg class="town-chart" viewBox="0 0 ${WIDTH} ${height}" width="100%" role="img" aria-label="${escapeHtml(t('chartTitle', { unit }))}">
    <title>${escapeHtml(t('chartTitle', { unit }))}</title>${bars}
    <line x1="${targetX}" x2="${targetX}" y1="0" y2="${height - 16}" stroke="#222" stroke-dasharray="4 3"/>
    <text x="${Math.min(targetX, WIDTH - 4)}" y="${height - 4}" text-anchor="end">${escapeHtml(t('chartTarget', { target: targetPercent }))}</text></svg>`;
}

const truncate = (s, n) => (s && s.length > n ? `${s.slice(0, n - 1)}…` : s ?? '');
