// Side panel: circle switcher, legend with category toggles, county and town summary, chart, uncovered list, search.
import { townChartSvg } from './chart.js';
import { iconSvg } from './icons.js';
import { escapeHtml } from './map.js';
import { fmtInt, fmtPct, nameOf, statusList, t, textOf } from './i18n.js';
import { NO_STATUS_COLOUR, STATUS_COLOUR } from './layers.js';

const MAX_SEARCH_RESULTS = 12;

/** Binds the panel's markup; handlers: onCircleChange(id), onCategoryToggle(id, visible), onLocate(place). */
export function createPanel(root, handlers) {
  const $ = (sel) => root.querySelector(sel);
  const state = { circles: [], circleId: null, categories: [], hidden: new Set(), coverage: null, uncovered: [], places: [] };

  $('#circle-select').addEventListener('change', (e) => handlers.onCircleChange(e.target.value));
  $('#legend-categories').addEventListener('change', (e) => {
    const id = e.target.dataset.category;
    if (!id) return;
    e.target.checked ? state.hidden.delete(id) : state.hidden.add(id);
    handlers.onCategoryToggle(id, e.target.checked);
  });
  $('#uncovered-list').addEventListener('click', (e) => locateFrom(e, state.uncovered));
  $('#search-results').addEventListener('click', (e) => locateFrom(e, state.places));
  $('#village-search').addEventListener('input', () => renderSearch());

  function locateFrom(event, list) {
    const button = event.target.closest('button[data-id]');
    const place = button && list.find((p) => String(p.id) === button.dataset.id);
    if (place) handlers.onLocate(place);
  }

  function renderCircles() {
    $('#circle-select').innerHTML = state.circles
      .map((c) => `<option value="${escapeHtml(c.id)}"${c.id === state.circleId ? ' selected' : ''}>${escapeHtml(nameOf(c))}</option>`)
      .join('');
    const c = state.circles.find((x) => x.id === state.circleId);
    $('#circle-source').textContent = c?.policySource ? `${c.policySource}${c.clause ? ` · ${c.clause}` : ''}` : '';
  }

  function renderLegend() {
    const statuses = ['covered', 'partly', 'uncovered']
      .map((s) => `<li><span class="swatch" style="background:${STATUS_COLOUR[s]}"></span>${escapeHtml(t(s))}</li>`)
      .join('') + `<li><span class="swatch" style="background:${NO_STATUS_COLOUR}"></span>${escapeHtml(t('notAssessed'))}</li>` +
      `<li class="level" id="legend-villages"><span class="swatch area"></span>${escapeHtml(t('legendVillages'))}</li>` +
      `<li class="level" id="legend-settlements"><span class="swatch"></span>${escapeHtml(t('legendSettlements'))}</li>`;
    $('#legend-status').innerHTML = statuses;
    $('#legend-categories').innerHTML = state.categories
      .map((c, i) => {
        const id = `legend-cat-${escapeHtml(c.id)}`;
        return `<li><input type="checkbox" id="${id}" data-category="${escapeHtml(c.id)}"${state.hidden.has(c.id) ? '' : ' checked'}>
          <label for="${id}">${iconSvg(c, i, 18)}<span>${escapeHtml(nameOf(c))}</span></label></li>`;
      })
      .join('');
  }

  function renderSummary() {
    const cov = state.coverage;
    const box = $('#summary');
    if (!cov) return (box.textContent = t('loading'));
    const k = cov.county;
    const unit = textOf(k.demandUnit);
    Object.assign(box.dataset, {
      demand: k.demand, shareDemand: String(k.shareDemand), coveredDemand: String(k.coveredDemand),
      villagesCovered: String(k.villages.covered), villagesPartly: String(k.villages.partly), villagesUncovered: String(k.villages.uncovered),
      covered: String(k.covered), partly: String(k.partly), uncovered: String(k.uncovered),
    });
    const also = k.demand === 'population'
      ? t('alsoElderly', { covered: fmtInt(k.coveredElderly), total: fmtInt(k.elderly) })
      : t('alsoPeople', { covered: fmtInt(k.coveredPopulation), total: fmtInt(k.population) });
    const unreachable = k.unreachableDemand > 0
      ? `<p class="source" id="summary-unreachable">${escapeHtml(t('unreachableDemand', { n: fmtInt(k.unreachableDemand), unit }))}</p>` : '';
    const mean = k.meanMinutes == null ? '' : `<p class="source">${escapeHtml(t('meanMinutes', { minutes: k.meanMinutes.toFixed(1), unit }))}</p>`;
    box.innerHTML = `
      <p class="big" id="summary-share">${fmtPct(k.shareDemand)}</p>
      <p class="caption" id="summary-caption">${escapeHtml(t('shareCaption', { unit }))}</p>
      <p id="summary-demand">${escapeHtml(t('demandCovered', { covered: fmtInt(k.coveredDemand), total: fmtInt(k.demandTotal), unit, target: k.targetPercent }))}</p>
      <p id="summary-target" class="${k.met ? 'met' : 'gap'}">${escapeHtml(k.met ? t('targetMet') : t('targetGap', { gap: fmtInt(k.gapDemand), unit }))}</p>
      <p class="source" id="summary-also">${escapeHtml(also)}</p>${unreachable}${mean}
      ${countsRow('villages', t('levelVillages', { total: k.villages.total }), k.villages)}
      ${countsRow('settlements', t('levelSettlements', { total: k.settlements }), k)}
      <p class="source" id="summary-statuses">${escapeHtml(t('countedStatuses', { list: statusList(cov.countedStatuses) }))}</p>`;
  }

  /** One level's badges (villages or places): covered, partly, uncovered, each with its count. */
  const countsRow = (level, label, c) => `<p class="counts" id="counts-${level}"><span class="level">${escapeHtml(label)}</span>
        <span class="chip covered" data-count="${c.covered}">${escapeHtml(t('covered'))} ${c.covered}</span>
        <span class="chip partly" data-count="${c.partly}">${escapeHtml(t('partly'))} ${c.partly}</span>
        <span class="chip uncovered" data-count="${c.uncovered}">${escapeHtml(t('uncovered'))} ${c.uncovered}</span></p>`;

  function renderTowns() {
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

  function renderUncovered() {
    const list = $('#uncovered-list');
    $('#uncovered-sort').textContent = state.coverage ? t('uncoveredSort', { unit: textOf(state.coverage.county.demandUnit) }) : '';
    list.innerHTML = state.uncovered.length
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

  function renderSearch() {
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

  const minutesText = (u) =>
    u.minutes === null || u.minutes === undefined
      ? textOf({ zh: u.unreachableZh, en: u.unreachableEn }) || t('unreachable')
      : t('minutesAway', { minutes: Number(u.minutes).toFixed(1) });

  function renderAll() {
    renderCircles();
    renderLegend();
    renderSummary();
    renderTowns();
    renderUncovered();
    renderSearch();
  }

  return {
    setCircles(circles, selected) {
      Object.assign(state, { circles, circleId: selected });
      renderCircles();
    },
    setCategories(categories) {
      state.categories = categories;
      renderLegend();
    },
    setCoverage(coverage, uncovered) {
      Object.assign(state, { coverage, uncovered });
      renderSummary();
      renderTowns();
      renderUncovered();
    },
    /** Places for the name search: [{ id, name, town, lat, lon }]. */
    setPlaces(places) {
      state.places = places;
      renderSearch();
    },
    renderAll,
  };
}
