// Siting suggestions (planners): the best new sites for the circle, drawn on the map; each site outlines the villages it
// newly covers, is named by its nearest village and road, and the list downloads as CSV, GeoJSON or Excel (the server's table).
import { api } from './api.js';
import { fmtInt, statusList, t, textOf } from './i18n.js';
import { $, escapeHtml } from './dom.js';
import { highlightSettlements } from './layers.js';

const L = window.L;
// The server caps a solve at 30 s; 10 s is enough for a county and keeps the panel responsive.
const TIME_LIMIT_SECONDS = 10;
const EXPORT_FORMATS = ['csv', 'geojson', 'xlsx'];


/** The panel's one state: the context given by main.js, the drawn layer, the answer shown and the question that gave it. */
const state = { ctx: null, layer: null, answer: null, question: null, focused: null, sequence: 0 };

/** ctx: { map, getCircleId, settlementLayer, notify(error|text), onUnauthorized(), onSaved(scenario) }. */
export function createSiting(ctx) {
  state.ctx = ctx;
  $('#siting-form').addEventListener('submit', suggest);
  $('#siting-mode').addEventListener('change', setMode);
  $('#siting-capacitated').addEventListener('change', setCapacitated);
  $('#siting-save').addEventListener('click', save);
  $('#siting-clear').addEventListener('click', clear);
  for (const format of EXPORT_FORMATS) $(`#siting-export-${format}`).addEventListener('click', () => exportAs(format));
  return { clear, render };
}

function setMode() {
  const target = $('#siting-mode').value === 'target';
  const input = $('#siting-value');
  Object.assign(input, target ? { min: 0.1, max: 100, step: 0.1 } : { min: 1, max: 200, step: 1 });
  input.value = target ? '50' : '3';
  // Capacitated siting answers "the best k sites" only.
  $('#siting-capacitated').disabled = target;
  if (target) $('#siting-capacitated').checked = false;
  setCapacitated();
}

function setCapacitated() {
  $('#siting-capacity').disabled = !$('#siting-capacitated').checked;
}

/** The request body of the form: the circle, k or the target, and the time limit. */
function question() {
  const body = { circle: state.ctx.getCircleId(), timeLimitSeconds: TIME_LIMIT_SECONDS };
  body[$('#siting-mode').value === 'target' ? 'target' : 'new'] = Number($('#siting-value').value);
  if ($('#siting-capacitated').checked) body.capacitated = Number($('#siting-capacity').value);
  return body;
}

function setBusy(busy) {
  $('#siting-suggest').disabled = busy;
  $('#siting-status').textContent = busy ? t('sitingComputing') : '';
}

/** Reports a failed request; a 401 also tells main.js the sign-in has lapsed. */
function fail(err) {
  if (err.status === 401) state.ctx.onUnauthorized();
  state.ctx.notify(err);
}

async function suggest(e) {
  e.preventDefault();
  const body = question();
  const mine = ++state.sequence;
  setBusy(true);
  try {
    const result = await api.siting(body);
    if (mine === state.sequence) show(result, body);
  } catch (err) {
    if (mine === state.sequence) fail(err);
  } finally {
    if (mine === state.sequence) setBusy(false);
  }
}

function show(result, body) {
  removeLayer();
  state.answer = result;
  state.question = body;
  state.focused = null;
  state.layer = L.layerGroup().addTo(state.ctx.map);
  for (const f of result.proposals.features) state.layer.addLayer(siteMarker(f, textOf(result.demandUnit)));
  const markers = state.layer.getLayers();
  if (markers.length) state.ctx.map.fitBounds(L.featureGroup(markers).getBounds().pad(0.3), { maxZoom: 14 });
  render();
}

/** A proposal's star on the map, titled by its name; hovering or choosing it outlines the villages it newly covers. */
function siteMarker(feature, unit) {
  const p = feature.properties;
  const [lon, lat] = feature.geometry.coordinates;
  const title = `${siteTitle(p, unit)} · ${textOf(p.label)}`;
  const marker = L.marker([lat, lon], { icon: siteIcon(p.rank), title, alt: title, keyboard: true, zIndexOffset: 1000 });
  marker.on('add', () => marker.getElement()?.setAttribute('data-rank', String(p.rank)));
  marker.on('mouseover click keypress', () => focus(p.rank));
  return marker;
}

const siteTitle = (p, unit) => t('sitingSite', { rank: p.rank, n: fmtInt(p.newlyCovered), unit });

const proposal = (rank) => state.answer?.proposals.features.find((f) => f.properties.rank === rank);

/** Outlines the villages one proposed site newly covers and marks it in the list. */
function focus(rank) {
  const site = proposal(rank);
  if (!site) return;
  state.focused = rank;
  highlightSettlements(state.ctx.settlementLayer, site.properties.settlements.map((s) => s.id));
  for (const el of document.querySelectorAll('#siting-sites button')) el.setAttribute('aria-pressed', String(Number(el.dataset.rank) === rank));
  $('#siting-result').dataset.focused = String(rank);
}

function render() {
  const box = $('#siting-result');
  const answer = state.answer;
  $('#siting-actions').hidden = !answer;
  $('#siting-export').hidden = !answer || answer.mode === 'capacitated';
  if (!answer) {
    box.hidden = true;
    box.innerHTML = '';
    delete box.dataset.newlyCovered;
    delete box.dataset.sites;
    return;
  }
  box.hidden = false;
  box.dataset.newlyCovered = String(answer.solver.newlyCovered);
  box.dataset.sites = String(answer.proposals.features.length);
  box.dataset.basePercent = String(answer.mode === 'capacitated' ? answer.percentBefore : answer.basePercent);
  box.dataset.quality = answer.solver.quality.code;
  box.dataset.mode = answer.mode;
  box.innerHTML = answer.mode === 'capacitated' ? capacitatedHtml(answer) : resultHtml(answer);
  for (const b of box.querySelectorAll('#siting-sites button')) b.addEventListener('click', () => zoomTo(Number(b.dataset.rank)));
}

/** The answer in plain words: base, what the sites add, how good the answer is, greedy for comparison, the named sites. */
function resultHtml(answer) {
  const s = answer.solver;
  const g = answer.greedy;
  const setCover = answer.mode === 'set_covering';
  const unit = textOf(answer.demandUnit);
  const sites = answer.proposals.features.map(({ properties: p }) => siteItem(p, unit));
  return `
    <p class="source" id="siting-base">${escapeHtml(t('sitingBase', {
      unit, percent: answer.basePercent.toFixed(1), covered: fmtInt(answer.baseCoveredDemand), total: fmtInt(answer.totalDemand) }))}</p>
    <p class="source" id="siting-statuses">${escapeHtml(t('countedStatuses', { list: statusList(answer.countedStatuses) }))}</p>
    <p class="big met" id="siting-newly">+${escapeHtml(fmtInt(s.newlyCovered))} <small>${escapeHtml(t('sitingNewly', { unit }))}</small></p>
    <p>${escapeHtml(t('sitingAfter', { sites: answer.proposals.features.length, unit, from: answer.basePercent.toFixed(1), to: s.percentAfter.toFixed(1) }))}</p>
    <p id="siting-quality">${escapeHtml(t('sitingQuality', { text: textOf(s.quality) }))}</p>
    <p class="source" id="siting-greedy">${escapeHtml(t(setCover ? 'sitingGreedySites' : 'sitingGreedy', {
      n: fmtInt(setCover ? g.siteIds.length : g.newlyCovered), unit }))}</p>
    <ol id="siting-sites" class="places">${sites.join('')}</ol>`;
}

/** A capacitated answer: served within capacities now, what the sites add within theirs, how good it is, the named sites. */
function capacitatedHtml(answer) {
  const s = answer.solver;
  const unit = textOf(answer.demandUnit);
  const sites = answer.proposals.features.map(({ properties: p }) => `<li><button type="button" class="place" data-rank="${p.rank}"
      aria-pressed="${p.rank === state.focused}"><span class="site-name">${escapeHtml(textOf(p.label))}</span>
      <span>${escapeHtml(t('sitingSiteServed', { rank: p.rank, n: fmtInt(p.served), unit }))}</span></button></li>`);
  return `
    <p class="source" id="siting-base">${escapeHtml(t('sitingServedBase', {
      unit, percent: answer.percentBefore.toFixed(1), served: fmtInt(answer.servedBefore), total: fmtInt(answer.totalDemand) }))}</p>
    <p class="big met" id="siting-newly">+${escapeHtml(fmtInt(s.newlyCovered))} <small>${escapeHtml(t('sitingServedNewly', { unit }))}</small></p>
    <p>${escapeHtml(t('sitingServedAfter', { sites: answer.proposals.features.length, capacity: fmtInt(answer.capacitated),
      from: answer.percentBefore.toFixed(1), to: answer.percentAfter.toFixed(1) }))}</p>
    <p id="siting-quality">${escapeHtml(t('sitingQuality', { text: textOf(s.quality) }))}</p>
    <ol id="siting-sites" class="places">${sites.join('')}</ol>`;
}

/** One proposal in the list: its name (nearest village and road), what it adds, the villages it newly covers. */
function siteItem(p, unit) {
  const names = p.settlements.slice(0, 4).map((v) => v.name).join('、') + (p.settlements.length > 4 ? '…' : '');
  return `<li><button type="button" class="place" data-rank="${p.rank}" aria-pressed="${p.rank === state.focused}">
      <span class="site-name">${escapeHtml(textOf(p.label))}</span>
      <span>${escapeHtml(siteTitle(p, unit))}</span>
      <span class="detail">${escapeHtml(names || t('newlyCoveredNone'))}</span></button></li>`;
}

function zoomTo(rank) {
  const [lon, lat] = proposal(rank).geometry.coordinates;
  state.ctx.map.setView([lat, lon], Math.max(state.ctx.map.getZoom(), 14));
  focus(rank);
}

/** Downloads the shown answer's table as the server writes it (same question, same plan version: the same answer). */
async function exportAs(format) {
  if (!state.question) return;
  try {
    const { blob, fileName } = await api.sitingFile(state.question, format);
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = fileName || `siting.${format}`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  } catch (err) {
    fail(err);
  }
}

async function save() {
  if (!state.answer) return;
  try {
    const saved = await api.createScenario(state.answer.scenario);
    state.ctx.notify(t('saved', { name: saved.name }));
    state.ctx.onSaved?.(saved);
  } catch (err) {
    fail(err);
  }
}

function removeLayer() {
  if (state.layer) state.ctx.map.removeLayer(state.layer);
  state.layer = null;
}

function clear() {
  state.sequence++;
  removeLayer();
  if (state.answer) highlightSettlements(state.ctx.settlementLayer, []);
  state.answer = null;
  state.question = null;
  state.focused = null;
  setBusy(false);
  render();
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
