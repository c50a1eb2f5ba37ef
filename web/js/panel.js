// Side panel: circle switcher, legend with category toggles, county and town summary, chart, uncovered list, search.
import { townChartSvg } from './chart.js';
import { iconSvg } from './icons.js';
import { escapeHtml } from './map.js';
import { fmtInt, fmtPct, nameOf, t } from './i18n.js';
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
      .join('') + `<li><span class="swatch" style="background:${NO_STATUS_COLOUR}"></span>${escapeHtml(t('notAssessed'))}</li>`;
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
    box.dataset.coveredPopulation = String(Math.round(coveredPopulation(cov)));
    box.dataset.covered = String(k.covered);
    box.dataset.partly = String(k.partly);
    box.dataset.uncovered = String(k.uncovered);
    box.innerHTML = `
      <p class="big" id="summary-share">${fmtPct(k.sharePopulation)}</p>
      <p>${escapeHtml(t('populationCovered', { covered: fmtInt(coveredPopulation(cov)), total: fmtInt(totalPopulation(cov)), target: k.targetPercent }))}</p>
      <p>${escapeHtml(t('settlementsCovered', { covered: k.covered, total: k.settlements }))}</p>
      <p class="counts"><span class="chip covered">${escapeHtml(t('covered'))} ${k.covered}</span>
        <span class="chip partly">${escapeHtml(t('partly'))} ${k.partly}</span>
        <span class="chip uncovered">${escapeHtml(t('uncovered'))} ${k.uncovered}</span></p>
      <p class="${k.met ? 'met' : 'gap'}">${escapeHtml(k.met ? t('targetMet') : t('targetGap', { gap: fmtInt(k.gapPeople) }))}</p>`;
  }

  function renderTowns() {
    const towns = state.coverage?.towns || [];
    $('#town-table').innerHTML = `<caption>${escapeHtml(t('towns'))}</caption>
      <thead><tr><th scope="col">${escapeHtml(t('town'))}</th><th scope="col">${escapeHtml(t('settlements'))}</th>
      <th scope="col">${escapeHtml(t('population'))}</th><th scope="col">${escapeHtml(t('share'))}</th></tr></thead>
      <tbody>${towns
        .map((r) => `<tr><th scope="row">${escapeHtml(r.town)}</th><td>${r.covered}/${r.settlements}</td>
          <td>${fmtInt(r.coveredPopulation)}/${fmtInt(r.population)}</td><td>${fmtPct(r.share)}</td></tr>`)
        .join('')}</tbody>`;
    $('#town-chart').innerHTML = towns.length ? townChartSvg(towns, state.coverage.county.targetPercent) : '';
  }

  function renderUncovered() {
    const list = $('#uncovered-list');
    list.innerHTML = state.uncovered.length
      ? state.uncovered.map((u) => placeButton(u, `${u.remainder ? `${escapeHtml(t('remainder'))} · ` : ''}${escapeHtml(t(u.status))} · ${minutesText(u.minutes)} · ${escapeHtml(t('people', { n: fmtInt(u.population) }))}`)).join('')
      : `<li class="empty">${escapeHtml(t('uncoveredNone'))}</li>`;
  }

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

  const minutesText = (m) => (m === null || m === undefined ? t('unreachable') : t('minutesAway', { minutes: Number(m).toFixed(1) }));

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

/** Covered people: from the county block when the server gives it, else summed over towns. */
export const coveredPopulation = (coverage) =>
  coverage.county.coveredPopulation ?? coverage.towns.reduce((sum, r) => sum + (r.coveredPopulation || 0), 0);

/** All people in the region, from the county block or the towns. */
export const totalPopulation = (coverage) =>
  coverage?.county.population ?? (coverage?.towns || []).reduce((sum, r) => sum + (r.population || 0), 0);
