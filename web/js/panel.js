// Side panel (a bottom sheet on a phone): circle switcher, county and town summary, chart, uncovered list, search.
// Each part is one render function over the panel's state; createPanel binds the events and returns the setters.
import { townChartSvg } from './chart.js';
import { escapeHtml } from './dom.js';
import { fmtInt, fmtPct, minutesText, nameOf, statusList, t, textOf } from './i18n.js';

const MAX_SEARCH_RESULTS = 12;

/** Binds the panel's markup; handlers: onCircleChange(id), onLocate(place). */
export function createPanel(root, handlers) {
  const $ = (sel) => root.querySelector(sel);
  const state = { circles: [], circleId: null, coverage: null, uncovered: [], places: [] };
  bindEvents($, state, handlers);
  const renderAll = () => {
    renderCircles($, state);
    renderSummary($, state);
    renderTowns($, state);
    renderUncovered($, state);
    renderSearch($, state);
  };
  return {
    setCircles(circles, selected) {
      Object.assign(state, { circles, circleId: selected });
      renderCircles($, state);
    },
    setCoverage(coverage, uncovered) {
      Object.assign(state, { coverage, uncovered });
      renderSummary($, state);
      renderTowns($, state);
      renderUncovered($, state);
    },
    /** Places for the name search: [{ id, name, town }] (a choice opens its card). */
    setPlaces(places) {
      state.places = places;
      renderSearch($, state);
    },
    renderAll,
  };
}

function bindEvents($, state, handlers) {
  $('#circle-select').addEventListener('change', (e) => handlers.onCircleChange(e.target.value));
  $('#uncovered-list').addEventListener('click', (e) => locateFrom(e, state.uncovered, handlers));
  $('#search-results').addEventListener('click', (e) => locateFrom(e, state.places, handlers));
  $('#village-search').addEventListener('input', () => renderSearch($, state));
}

function locateFrom(event, list, handlers) {
  const button = event.target.closest('button[data-id]');
  const place = button && list.find((p) => String(p.id) === button.dataset.id);
  if (place) handlers.onLocate(place);
}

function renderCircles($, state) {
  $('#circle-select').innerHTML = state.circles
    .map((c) => `<option value="${escapeHtml(c.id)}"${c.id === state.circleId ? ' selected' : ''}>${escapeHtml(nameOf(c))}</option>`)
    .join('');
  const c = state.circles.find((x) => x.id === state.circleId);
  $('#circle-source').textContent = c?.policySource ? `${c.policySource}${c.clause ? ` · ${c.clause}` : ''}` : '';
}

/** The county's headline share, its target and both count levels, as the server computed them. */
function renderSummary($, state) {
  const cov = state.coverage;
  const box = $('#summary');
  renderPeek($, state);
  if (!cov) return (box.textContent = t('loading'));
  const k = cov.county;
  const unit = textOf(k.demandUnit);
  Object.assign(box.dataset, {
    demand: k.demand, shareDemand: String(k.shareDemand), coveredDemand: String(k.coveredDemand),
    villagesCovered: String(k.villages.covered), villagesPartly: String(k.villages.partly), villagesUncovered: String(k.villages.uncovered),
    covered: String(k.covered), partly: String(k.partly), uncovered: String(k.uncovered),
  });
  box.innerHTML = `
    <p class="big" id="summary-share">${fmtPct(k.shareDemand)}</p>
    <p class="caption" id="summary-caption">${escapeHtml(t('shareCaption', { unit }))}</p>
    <p id="summary-demand">${escapeHtml(t('demandCovered', { covered: fmtInt(k.coveredDemand), total: fmtInt(k.demandTotal), unit, target: k.targetPercent }))}</p>
    <p id="summary-target" class="${k.met ? 'met' : 'gap'}">${escapeHtml(k.met ? t('targetMet') : t('targetGap', { gap: fmtInt(k.gapDemand), unit }))}</p>
    <p class="source" id="summary-also">${escapeHtml(alsoText(k))}</p>${summaryNotes(k, unit)}
    ${countsRow('villages', t('levelVillages', { total: k.villages.total }), k.villages)}
    ${countsRow('settlements', t('levelSettlements', { total: k.settlements }), k)}
    <p class="source" id="summary-statuses">${escapeHtml(t('countedStatuses', { list: statusList(cov.countedStatuses) }))}</p>
    ${reportLinks(state.circleId)}`;
}

/** The circle's printable report as the server writes it: HTML, or Word (.docx) for a bureau's submission. */
const reportLinks = (circleId) => `<p class="source" id="summary-report">${escapeHtml(t('reportDownload'))}
    ${[['html', 'reportHtml'], ['docx', 'reportDocx']].map(([f, label]) =>
    `<a href="/api/reports/${encodeURIComponent(circleId)}?format=${f}" download data-format="${f}">${escapeHtml(t(label))}</a>`).join(' · ')}</p>`;

/** The bottom sheet's peek (phone): the same headline share and caption as the summary. */
function renderPeek($, state) {
  const share = $('#peek-share');
  if (!share) return;
  const k = state.coverage?.county;
  share.textContent = k ? fmtPct(k.shareDemand) : '';
  $('#peek-caption').textContent = k ? t('shareCaption', { unit: textOf(k.demandUnit) }) : t('loading');
}

const alsoText = (k) => (k.demand === 'population'
  ? t('alsoElderly', { covered: fmtInt(k.coveredElderly), total: fmtInt(k.elderly) })
  : t('alsoPeople', { covered: fmtInt(k.coveredPopulation), total: fmtInt(k.population) }));

function summaryNotes(k, unit) {
  const unreachable = k.unreachableDemand > 0
    ? `<p class="source" id="summary-unreachable">${escapeHtml(t('unreachableDemand', { n: fmtInt(k.unreachableDemand), unit }))}</p>` : '';
  const mean = k.meanMinutes == null ? '' : `<p class="source">${escapeHtml(t('meanMinutes', { minutes: k.meanMinutes.toFixed(1), unit }))}</p>`;
  return unreachable + mean;
}

/** One level's badges (villages or places): covered, partly, uncovered, each with its count. */
const countsRow = (level, label, c) => `<p class="counts" id="counts-${level}"><span class="level">${escapeHtml(label)}</span>
      <span class="chip covered" data-count="${c.covered}">${escapeHtml(t('covered'))} ${c.covered}</span>
      <span class="chip partly" data-count="${c.partly}">${escapeHtml(t('partly'))} ${c.partly}</span>
      <span class="chip uncovered" data-count="${c.uncovered}">${escapeHtml(t('uncovered'))} ${c.uncovered}</span></p>`;

function renderTowns($, state) {
  const cov = state.coverage;
  const towns = cov?.towns || [];
  const unit = textOf(cov?.county.demandUnit);
  $('#town-table').innerHTML = `<caption>${escapeHtml(t('towns'))}</caption>
    <thead><tr><th scope="col">${escapeHtml(t('town'))}</th><th scope="col">${escapeHtml(t('townVillages'))}</th>
    <th scope="col">${escapeHtml(t('townDemand', { unit }))}</th><th scope="col">${escapeHtml(t('townShare', { unit }))}</th></tr></thead>
    <tbody>${towns
      .map((r) => `<tr><th scope="row">${escapeHtml(r.name)}</th><td>${r.villages.covered}/${r.villages.total}</td>
        <td>${fmtInt(r.coveredDemand)}/${fmtInt(r.demandTotal)}</td><td>${fmtPct(r.shareDemand)}</td></tr>`)
      .join('')}</tbody>`;
  $('#town-chart').innerHTML = towns.length ? townChartSvg(towns, cov.county.targetPercent, unit) : '';
}

function renderUncovered($, state) {
  $('#uncovered-sort').textContent = state.coverage ? t('uncoveredSort', { unit: textOf(state.coverage.county.demandUnit) }) : '';
  $('#uncovered-list').innerHTML = state.uncovered.length
    ? state.uncovered.map((u) => placeButton(u, uncoveredDetail(u))).join('')
    : `<li class="empty">${escapeHtml(t('uncoveredNone'))}</li>`;
}

/** village · (rest of the village) · status · minutes or why not · uncovered demand with its unit (the figure the list is sorted by). */
const uncoveredDetail = (u) => [
  u.village ? t('villageOf', { village: u.village }) : '',
  u.remainder ? t('remainder') : '',
  t(u.status),
  `<span class="minutes">${escapeHtml(minutesText(u))}</span>`,
  `<span class="demand">${escapeHtml(t('uncoveredDemand', { n: fmtInt(u.uncoveredDemand), unit: textOf(u.demandUnit) }))}</span>`,
].filter(Boolean).map((x) => (x.startsWith('<span') ? x : escapeHtml(x))).join(' · ');

function renderSearch($, state) {
  const q = $('#village-search').value.trim().toLowerCase();
  const out = $('#search-results');
  if (!q) return (out.innerHTML = '');
  const hits = state.places.filter((p) => (p.name || '').toLowerCase().includes(q)).slice(0, MAX_SEARCH_RESULTS);
  out.innerHTML = hits.length
    ? hits.map((p) => placeButton(p, escapeHtml(p.town || ''))).join('')
    : `<li class="empty">${escapeHtml(t('searchNone'))}</li>`;
}

const placeButton = (p, detail) =>
  `<li><button type="button" class="place" data-id="${escapeHtml(p.id)}"><span class="name">${escapeHtml(p.name)}</span>
    <span class="detail">${escapeHtml(p.town && !detail.includes(p.town) ? `${p.town} · ` : '')}${detail}</span></button></li>`;

