// A planner's edit of the 15-minute life-circle units, inside the life-circle overlay: click a village dot, choose a neighbouring
// unit, and the rule check (POST /api/life-circles/check with the whole units) redraws the units and says how many meet the rule;
// save the grouping by name (PUT /api/life-circles/groupings/{name}, tied to the plan version) and load saved ones. Anyone may
// load a saved grouping and see it; only planners move villages and save. The verdicts are the server's.
import { api, getToken } from './api.js';
import { t } from './i18n.js';
import { $, escapeHtml } from './dom.js';

/** The editable state of one overlay: units as { id, centre, members }, members by id, the latest check and the saved list. */
export function groupingState(data) {
  const members = new Map(data.members.map((m, i) => [m.id, { ...m, index: i }]));
  const units = data.units.features.map((f) => ({ id: f.properties.id, centre: f.properties.centreId, members: [...f.properties.members] }));
  return { planVersion: data.planVersion, members, units, polygons: data.units, check: null, loaded: null, planChanged: false, saved: [], message: '' };
}

const unitOf = (state, id) => state.units.find((u) => u.members.includes(id));

/** Units whose members border the village (Delaunay neighbours), its own unit aside. */
function neighbourUnits(state, id) {
  const own = unitOf(state, id);
  const ids = new Set(state.members.get(id).neighbours.map((n) => unitOf(state, n)?.id).filter((u) => u && u !== own?.id));
  return [...ids].sort();
}

/** Unit polygons (computed, or as the last check drew them) and one dot per member; a dot's popup moves it (planners). */
export function lifeLayer(view, unitStyle, unitTip) {
  const state = view.grouping;
  const group = L.layerGroup();
  L.geoJSON(state.polygons, { interactive: true, style: unitStyle, onEachFeature: (f, layer) => layer.bindTooltip(() => unitTip(f.properties)) }).addTo(group);
  for (const m of state.members.values()) {
    const dot = L.circleMarker([m.lat, m.lon], { radius: 4, weight: 1, color: '#fff', fillColor: '#37474f', fillOpacity: 0.9, className: `life-member lm-${m.index}` });
    dot.bindPopup(() => popupHtml(state, m.id));
    dot.on('popupopen', (e) => e.popup.getElement()?.querySelector('.life-move')?.addEventListener('click', () => {
      const to = e.popup.getElement().querySelector('.life-move-unit').value;
      dot.closePopup();
      move(view, m.id, to);
    }));
    dot.addTo(group);
  }
  return group;
}

function popupHtml(state, id) {
  const m = state.members.get(id);
  const unit = unitOf(state, id);
  const html = `<p class="life-member-unit" data-unit="${escapeHtml(unit?.id ?? '')}">${escapeHtml(t('lifeMemberUnit', { name: m.name, unit: unit?.id ?? '—' }))}</p>`;
  if (!getToken()) return html;
  if (unit?.centre === id) return `${html}<p class="hint">${escapeHtml(t('lifeCentreStays'))}</p>`;
  const options = neighbourUnits(state, id);
  if (options.length === 0) return `${html}<p class="hint">${escapeHtml(t('lifeNoNeighbour'))}</p>`;
  return `${html}<label>${escapeHtml(t('lifeMoveTo'))} <select class="life-move-unit">${options.map((u) => `<option value="${escapeHtml(u)}">${escapeHtml(u)}</option>`).join('')}</select></label>` +
    ` <button type="button" class="life-move">${escapeHtml(t('lifeMove'))}</button>`;
}

/** Moves a village to another unit (a unit left empty goes) and asks the server for the check. */
function move(view, id, to) {
  const state = view.grouping;
  state.units = state.units
    .map((u) => ({ ...u, members: u.id === to ? [...u.members.filter((x) => x !== id), id] : u.members.filter((x) => x !== id) }))
    .filter((u) => u.members.length > 0);
  state.message = '';
  return recheck(view);
}

/** The server's verdict on the units as they stand; the overlay and the panel follow it. */
async function recheck(view) {
  const state = view.grouping;
  try {
    state.check = await api.checkLifeCircles({ units: state.units });
    state.polygons = state.check.polygons;
  } catch (err) {
    view.ctx.notify(err);
  }
  view.redraw();
}

/** The panel under the summary: saved groupings to load, the check of the units shown, and (planners) name and save. */
export function groupingPanel(state) {
  const c = state.check;
  const options = [`<option value="">${escapeHtml(t('lifeComputed'))}</option>`]
    .concat(state.saved.map((g) => `<option value="${escapeHtml(g.name)}"${g.name === state.loaded ? ' selected' : ''}>${escapeHtml(g.name)}</option>`));
  let html = `<label for="life-grouping">${escapeHtml(t('lifeGrouping'))}</label> <select id="life-grouping">${options.join('')}</select>`;
  if (c) {
    html += `<p id="life-check" data-unit-count="${c.unitCount}" data-meeting="${c.meeting}" class="${c.allMeet ? 'meets' : 'misses'}">${escapeHtml(t('lifeCheck', { units: c.unitCount, meeting: c.meeting }))}</p>`;
    const failing = c.units.filter((u) => !u.meets);
    if (failing.length) html += `<ul class="life-failing">${failing.slice(0, 8).map((u) => `<li>${escapeHtml(`${u.id}：${u.why}`)}</li>`).join('')}</ul>`;
  }
  if (state.planChanged) html += `<p class="hint">${escapeHtml(t('lifePlanChanged'))}</p>`;
  if (getToken()) {
    html += `<p class="hint">${escapeHtml(t('lifeEditHint'))}</p>` +
      `<label for="life-grouping-name">${escapeHtml(t('lifeGroupingName'))}</label> <input id="life-grouping-name" value="${escapeHtml(state.loaded ?? '')}" maxlength="200"> ` +
      `<button type="button" id="life-grouping-save">${escapeHtml(t('lifeSave'))}</button>`;
  }
  if (state.message) html += `<p id="life-grouping-message">${escapeHtml(state.message)}</p>`;
  return html;
}

/** Wires the panel's controls (after each render). */
export function bindPanel(view) {
  $('#life-grouping')?.addEventListener('change', (e) => load(view, e.target.value));
  $('#life-grouping-save')?.addEventListener('click', () => save(view, $('#life-grouping-name').value.trim()));
}

/** The saved groupings' names (anyone may read them). */
export async function refreshSaved(view) {
  try {
    view.grouping.saved = await api.groupings();
  } catch (err) {
    view.ctx.notify(err);
  }
}

async function load(view, name) {
  const state = view.grouping;
  if (!name) {
    Object.assign(state, groupingState(view.data), { saved: state.saved });
    return view.redraw();
  }
  try {
    const g = await api.grouping(name);
    Object.assign(state, { units: g.units, loaded: g.name, planChanged: g.planChanged, check: g.check, message: '' });
    if (g.planChanged) return view.redraw(); // the villages may no longer be the plan's: the stored check stands
    await recheck(view);
  } catch (err) {
    view.ctx.notify(err);
  }
}

async function save(view, name) {
  const state = view.grouping;
  if (!name) {
    state.message = t('lifeNameMissing');
    return view.redraw();
  }
  const existing = state.saved.find((g) => g.name === name);
  try {
    await api.saveGrouping(name, { planVersion: state.planVersion, units: state.units }, existing?.version);
    state.loaded = name;
    state.message = t('lifeSaved', { name });
    await refreshSaved(view);
  } catch (err) {
    view.ctx.notify(err);
  }
  view.redraw();
}
