// Siting suggestions (planners): the best new sites for the circle, drawn on the map; each site outlines the villages it newly covers.
import { api } from './api.js';
import { fmtInt, statusList, t, textOf } from './i18n.js';
import { escapeHtml } from './dom.js';
import { highlightSettlements } from './layers.js';

const L = window.L;
// The server caps a solve at 30 s; 10 s is enough for a county and keeps the panel responsive.
const TIME_LIMIT_SECONDS = 10;

/** ctx: { map, getCircleId, settlementLayer, notify(error|text), onUnauthorized() }. */
export function createSiting(ctx) {
  const $ = (sel) => document.querySelector(sel);
  let layer = null;
  let answer = null;
  let focused = null;
  let sequence = 0;

  $('#siting-form').addEventListener('submit', suggest);
  $('#siting-mode').addEventListener('change', setMode);
  $('#siting-save').addEventListener('click', save);
  $('#siting-clear').addEventListener('click', clear);

  function setMode() {
    const target = $('#siting-mode').value === 'target';
    const input = $('#siting-value');
    Object.assign(input, target ? { min: 0.1, max: 100, step: 0.1 } : { min: 1, max: 200, step: 1 });
    input.value = target ? '50' : '3';
  }

  async function suggest(e) {
    e.preventDefault();
    const value = Number($('#siting-value').value);
    const body = { circle: ctx.getCircleId(), timeLimitSeconds: TIME_LIMIT_SECONDS };
    body[$('#siting-mode').value === 'target' ? 'target' : 'new'] = value;
    const mine = ++sequence;
    $('#siting-suggest').disabled = true;
    $('#siting-status').textContent = t('sitingComputing');
    try {
      const result = await api.siting(body);
      if (mine === sequence) show(result);
    } catch (err) {
      if (mine !== sequence) return;
      if (err.status === 401) ctx.onUnauthorized();
      ctx.notify(err);
    } finally {
      if (mine === sequence) {
        $('#siting-suggest').disabled = false;
        $('#siting-status').textContent = '';
      }
    }
  }

  function show(result) {
    removeLayer();
    answer = result;
    focused = null;
    layer = L.layerGroup().addTo(ctx.map);
    for (const f of result.proposals.features) {
      const p = f.properties;
      const [lon, lat] = f.geometry.coordinates;
      const title = t('sitingSite', { rank: p.rank, n: fmtInt(p.newlyCovered), unit: textOf(result.demandUnit) });
      const marker = L.marker([lat, lon], { icon: siteIcon(p.rank), title, alt: title, keyboard: true, zIndexOffset: 1000 });
      marker.on('add', () => marker.getElement()?.setAttribute('data-rank', String(p.rank)));
      marker.on('mouseover click keypress', () => focus(p.rank));
      layer.addLayer(marker);
    }
    if (layer.getLayers().length) ctx.map.fitBounds(L.featureGroup(layer.getLayers()).getBounds().pad(0.3), { maxZoom: 14 });
    render();
  }

  /** Outlines the villages one proposed site newly covers and marks it in the list. */
  function focus(rank) {
    const site = answer?.proposals.features.find((f) => f.properties.rank === rank);
    if (!site) return;
    focused = rank;
    highlightSettlements(ctx.settlementLayer, site.properties.settlements.map((s) => s.id));
    for (const el of document.querySelectorAll('#siting-sites button')) el.setAttribute('aria-pressed', String(Number(el.dataset.rank) === rank));
    $('#siting-result').dataset.focused = String(rank);
  }


  function render() {
    const box = $('#siting-result');
    $('#siting-actions').hidden = !answer;
    if (!answer) {
      box.hidden = true;
      box.innerHTML = '';
      delete box.dataset.newlyCovered;
      delete box.dataset.sites;
      return;
    }
    const s = answer.solver;
    const g = answer.greedy;
    const setCover = answer.mode === 'set_covering';
    box.hidden = false;
    box.dataset.newlyCovered = String(s.newlyCovered);
    box.dataset.sites = String(answer.proposals.features.length);
    const gap = s.gap == null ? '—' : `${(s.gap * 100).toFixed(2)}%`;
    const unit = textOf(answer.demandUnit);
    box.dataset.basePercent = String(answer.basePercent);
    const sites = answer.proposals.features.map(({ properties: p }) => {
      const names = p.settlements.slice(0, 4).map((v) => v.name).join('、') + (p.settlements.length > 4 ? '…' : '');
      return `<li><button type="button" class="place" data-rank="${p.rank}" aria-pressed="${p.rank === focused}">
        <span>${escapeHtml(t('sitingSite', { rank: p.rank, n: fmtInt(p.newlyCovered), unit }))}</span>
        <span class="detail">${escapeHtml(names || t('newlyCoveredNone'))}</span></button></li>`;
    });
    box.innerHTML = `
      <p class="source" id="siting-base">${escapeHtml(t('sitingBase', {
        unit, percent: answer.basePercent.toFixed(1), covered: fmtInt(answer.baseCoveredDemand), total: fmtInt(answer.totalDemand) }))}</p>
      <p class="source" id="siting-statuses">${escapeHtml(t('countedStatuses', { list: statusList(answer.countedStatuses) }))}</p>
      <p class="big met" id="siting-newly">+${escapeHtml(fmtInt(s.newlyCovered))} <small>${escapeHtml(t('sitingNewly', { unit }))}</small></p>
      <p>${escapeHtml(t('sitingAfter', { sites: answer.proposals.features.length, unit, from: answer.basePercent.toFixed(1), to: s.percentAfter.toFixed(1) }))}</p>
      <p class="source" id="siting-solver">${escapeHtml(t(setCover ? 'sitingSolverSites' : 'sitingSolver', {
        status: t(`solve_${s.status}`), objective: fmtInt(s.objective), bound: s.bound == null ? '—' : fmtInt(s.bound), gap }))}</p>
      <p class="source" id="siting-greedy">${escapeHtml(t(setCover ? 'sitingGreedySites' : 'sitingGreedy', {
        n: fmtInt(setCover ? g.siteIds.length : g.newlyCovered) }))}</p>
      <ol id="siting-sites" class="places">${sites.join('')}</ol>`;
    for (const b of box.querySelectorAll('#siting-sites button')) {
      b.addEventListener('click', () => {
        const rank = Number(b.dataset.rank);
        const [lon, lat] = answer.proposals.features.find((f) => f.properties.rank === rank).geometry.coordinates;
        ctx.map.setView([lat, lon], Math.max(ctx.map.getZoom(), 14));
        focus(rank);
      });
    }
  }

  async function save() {
    if (!answer) return;
    try {
      const saved = await api.createScenario(answer.scenario);
      ctx.notify(t('saved', { name: saved.name }));
    } catch (err) {
      if (err.status === 401) ctx.onUnauthorized();
      ctx.notify(err);
    }
  }

  function removeLayer() {
    if (layer) ctx.map.removeLayer(layer);
    layer = null;
  }

  function clear() {
    sequence++;
    removeLayer();
    if (answer) highlightSettlements(ctx.settlementLayer, []);
    answer = null;
    focused = null;
    $('#siting-suggest').disabled = false;
    $('#siting-status').textContent = '';
    render();
  }

  return { clear, render };
}

/** A numbered star: unlike any facility icon, so proposals never read as built or planned facilities. */
function siteIcon(rank) {
  return L.divIcon({
    className: 'siting-marker',
    html: `<svg width="30" height="30" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d="M12 1.5 14.9 8.4 22.4 9 16.7 13.9 18.5 21.2 12 17.3 5.5 21.2 7.3 13.9 1.6 9 9.1 8.4Z" fill="#6a1b9a" stroke="#fff" stroke-width="1.4"/>
      <text x="12" y="15.2" text-anchor="middle" font-size="7.5" font-weight="700" fill="#fff">${rank}</text></svg>`,
    iconSize: [30, 30],
    iconAnchor: [15, 15],
  });
}
