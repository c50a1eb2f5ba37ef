// The plan's indicators (GET /api/indicators): each with its clause, now / target with its unit and a light, and a light per
// town. The figures are the server's (the same tables as `coverage indicators` and every report); the page only shows them.
import { api } from './api.js';
import { fmtNum, getLang, t } from './i18n.js';
import { $, escapeHtml } from './dom.js';

const LIGHTS = { met: 'met', progress: 'progress', short: 'short', 'no-town-target': 'none', 'no-value': 'novalue' };

/** ctx: { notify(error) }. */
export function createIndicators(ctx) {
  const view = { ctx, data: null };
  return {
    refresh: () => refresh(view),
    render: () => render(view),
  };
}

async function refresh(view) {
  try {
    view.data = await api.indicators();
  } catch (err) {
    view.data = null;
    view.ctx.notify(err);
  }
  render(view);
}

// No value (null: the figure could not be computed) is a dash, never 0.
const num = (v) => (v === null || v === undefined ? '—' : fmtNum(v, 3));
const lightText = (status) => t(`indicatorLight_${LIGHTS[status] ?? 'none'}`);

function render(view) {
  const root = $('#indicators');
  if (!root) return;
  const list = view.data?.indicators ?? [];
  if (list.length === 0) {
    root.innerHTML = `<p class="hint">${escapeHtml(t('indicatorsNone'))}</p>`;
    return;
  }
  const en = getLang() === 'en';
  root.innerHTML = list.map((d) => {
    const unit = en ? d.unitEn : d.unitZh;
    const target = `${d.comparison === '>' ? '>' : '≥'}${num(d.target)}`;
    const towns = d.towns.filter((x) => x.status !== 'no-town-target');
    // Presence per town: a town's figure is its count of facilities, not the county's share of towns.
    const townUnit = d.kind === 'presence_per_town' ? t('indicatorFacilities') : unit;
    const townCells = towns.map((x) => `<li class="light light-${LIGHTS[x.status]}" title="${escapeHtml(`${x.town}: ${num(x.value)} ${townUnit} · ${lightText(x.status)}`)}">` +
      `<span class="dot" aria-hidden="true"></span>${escapeHtml(x.town)} <span class="n">${num(x.value)}</span></li>`).join('');
    return `<details class="indicator" data-indicator="${escapeHtml(d.id)}">
      <summary><span class="light light-${LIGHTS[d.status]}"><span class="dot" aria-hidden="true"></span>${escapeHtml(lightText(d.status))}</span>
        <strong>${escapeHtml(en ? d.nameEn : d.nameZh)}</strong>
        <span class="indicator-value" data-value="${d.value ?? ''}">${escapeHtml(num(d.value))} / ${escapeHtml(target)} ${escapeHtml(unit)}</span></summary>
      <p class="source">${escapeHtml(d.policySource)} ${escapeHtml(d.clause ?? '')}</p>
      ${towns.length ? `<p class="hint">${escapeHtml(t('indicatorTownsMet', { met: towns.filter((x) => x.status === 'met').length, total: towns.length }))}</p><ul class="town-lights">${townCells}</ul>` : ''}
      ${d.shortfalls.length ? `<p class="hint">${escapeHtml(t('indicatorShortfalls', { n: d.shortfalls.length }))} ${escapeHtml(d.shortfalls.slice(0, 8).map((s) => `${s.name}（${en ? s.detailEn : s.detailZh}）`).join('；'))}${d.shortfalls.length > 8 ? '…' : ''}</p>` : ''}
      ${d.notes.map((n) => `<p class="hint note">${escapeHtml(en ? n.en : n.zh)}</p>`).join('')}
    </details>`;
  }).join('') + `<p class="buttons"><a href="/api/indicators?format=xlsx" download>${escapeHtml(t('indicatorsDownload'))}</a> · <a href="/api/indicators?format=html" target="_blank" rel="noopener">${escapeHtml(t('indicatorsReport'))}</a></p>`;
}
