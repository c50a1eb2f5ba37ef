// Saved scenarios (planner only): the list; reopen one on the map with its coverage; rename; delete; compare two (or one
// with the current plan) per town, with the settlements gained and lost outlined on the map. Every figure is the server's.
import { api } from './api.js';
import { getLang, nameOf, t } from './i18n.js';
import { $, escapeHtml } from './dom.js';
import { facilityIcon } from './layers.js';
import { whatIfHtml } from './planner.js';
import { comparisonHtml, CURRENT, legendHtml, outlineShifts, scenarioName } from './scenario-compare.js';

const L = window.L;

/** ctx: { map, categories, settlementLayer, circles, notify(error|text), getCircleId(), onUnauthorized() }. */
export function createScenarios(ctx) {
  const view = {
    ctx, list: [], opened: null, openedResult: null, renaming: null, confirming: null, compared: null, conflict: null,
    pick: { a: CURRENT, b: null }, sequence: 0, overlay: L.featureGroup().addTo(ctx.map), label: null,
  };
  const root = $('#scenarios');
  root.addEventListener('click', (e) => onClick(view, e));
  root.addEventListener('submit', (e) => onSubmit(view, e));
  root.addEventListener('change', (e) => e.target.name in view.pick && (view.pick[e.target.name] = e.target.value));
  return {
    refresh: () => refresh(view),
    render: () => render(view),
    circleChanged: () => circleChanged(view),
    clear: () => clear(view),
  };
}

async function refresh(view) {
  try {
    view.list = await api.scenarios();
  } catch (err) {
    return failed(view, err);
  }
  const ids = new Set(view.list.map((s) => s.id));
  if (!view.pick.b || !ids.has(view.pick.b)) view.pick.b = view.list[0]?.id ?? null;
  if (view.pick.a !== CURRENT && !ids.has(view.pick.a)) view.pick.a = CURRENT;
  render(view);
}

function clear(view) {
  Object.assign(view, { list: [], opened: null, openedResult: null, renaming: null, confirming: null, compared: null, conflict: null });
  view.pick = { a: CURRENT, b: null };
  view.sequence++;
  clearMap(view);
  render(view);
}

function failed(view, err) {
  if (err.status === 401) view.ctx.onUnauthorized();
  view.ctx.notify(err);
}

function onClick(view, e) {
  const button = e.target.closest('button[data-action]');
  if (!button) return;
  const id = button.closest('[data-id]')?.dataset.id;
  const actions = {
    open: () => open(view, id),
    back: () => backToPlan(view),
    rename: () => render(Object.assign(view, { renaming: id, confirming: null })),
    'cancel-rename': () => render(Object.assign(view, { renaming: null })),
    delete: () => render(Object.assign(view, { confirming: id, renaming: null })),
    'cancel-delete': () => render(Object.assign(view, { confirming: null })),
    'confirm-delete': () => remove(view, id),
    'close-compare': () => closeCompare(view),
    'conflict-reload': () => reloadAfterConflict(view),
    'conflict-overwrite': () => overwriteAfterConflict(view),
  };
  actions[button.dataset.action]?.();
}

function onSubmit(view, e) {
  e.preventDefault();
  if (e.target.id === 'compare-form') return compare(view);
  if (e.target.classList.contains('rename-form')) return rename(view, e.target.dataset.id, e.target.elements.name.value);
}

const loadedVersion = (view, id) => view.list.find((s) => s.id === id)?.version;

async function rename(view, id, name, version = loadedVersion(view, id)) {
  try {
    const renamed = await api.renameScenario(id, name.trim(), version);
    Object.assign(view, { renaming: null, conflict: null });
    if (view.opened?.id === id) view.opened = renamed;
    await refresh(view);
  } catch (err) {
    conflictOr(view, err, { id, kind: 'rename', name });
  }
}

async function remove(view, id, version = loadedVersion(view, id)) {
  try {
    await api.deleteScenario(id, version);
    Object.assign(view, { confirming: null, conflict: null });
    if (view.opened?.id === id) backToPlan(view);
    if (view.compared && [view.compared.a.id, view.compared.b.id].includes(id)) closeCompare(view);
    await refresh(view);
  } catch (err) {
    conflictOr(view, err, { id, kind: 'delete' });
  }
}

// ----- Conflicts: someone changed the scenario since this page loaded it (412). Show who and when; reload or overwrite.

function conflictOr(view, err, write) {
  const conflict = err.conflict?.();
  if (!conflict) return failed(view, err);
  view.conflict = { ...write, ...conflict };
  render(view);
}

/** Drops this page's change and shows the scenario as it is now. */
async function reloadAfterConflict(view) {
  Object.assign(view, { conflict: null, renaming: null, confirming: null });
  await refresh(view);
}

/** Sends this page's change again, based on the version the 412 named: a deliberate overwrite of the other change. */
function overwriteAfterConflict(view) {
  const { id, kind, name, version } = view.conflict;
  return kind === 'rename' ? rename(view, id, name, version) : remove(view, id, version);
}

function conflictHtml(c) {
  const at = c.at ? when(c.at) : '?';
  return `<div class="conflict" id="scenario-conflict" role="alert" data-by="${escapeHtml(c.by)}">
    <p>${escapeHtml(t('conflictChanged', { by: c.by, when: at }))}</p>
    <div class="buttons"><button type="button" data-action="conflict-reload">${escapeHtml(t('conflictReload'))}</button>
    <button type="button" class="secondary" data-action="conflict-overwrite">${escapeHtml(t(c.kind === 'delete' ? 'conflictDeleteAnyway' : 'conflictOverwrite'))}</button></div></div>`;
}

// ----- Reopen: the scenario's edits on the map, its coverage figures, a way back to the plan.

async function open(view, id) {
  const mine = ++view.sequence;
  try {
    const [scenario, result] = await Promise.all([api.scenario(id), api.scenarioCoverage(id, view.ctx.getCircleId())]);
    if (mine !== view.sequence) return;
    Object.assign(view, { opened: scenario, openedResult: result, compared: null });
    drawOpened(view);
    render(view);
  } catch (err) {
    if (mine === view.sequence) failed(view, err);
  }
}

function backToPlan(view) {
  view.sequence++;
  Object.assign(view, { opened: null, openedResult: null });
  clearMap(view);
  render(view);
}

async function circleChanged(view) {
  if (view.opened) await open(view, view.opened.id);
  else if (view.compared) await compare(view);
}

function drawOpened(view) {
  clearMap(view);
  const { opened, openedResult } = view;
  for (const edit of opened.edits) editMarker(view, edit)?.addTo(view.overlay);
  outlineShifts(view.overlay, view.ctx.settlementLayer, openedResult.newlyCovered.map((s) => s.id), openedResult.newlyUncovered.map((s) => s.id));
  showOverlay(view);
  view.ctx.map.getContainer().dataset.scenario = opened.id;
  relabel(view);
}

function relabel(view) {
  view.label?.remove();
  view.label = view.opened ? mapLabel(view, scenarioName(view.opened)).addTo(view.ctx.map) : null;
}

/** The map says which scenario it shows, with the way back (the panel may be closed on a phone). */
function mapLabel(view, name) {
  const control = L.control({ position: 'topright' });
  control.onAdd = () => {
    const box = L.DomUtil.create('div', 'scenario-map-label');
    box.innerHTML = `<span>${escapeHtml(t('scenarioMapLabel', { name }))}</span> <button type="button">${escapeHtml(t('scenarioBack'))}</button>`;
    box.querySelector('button').addEventListener('click', () => backToPlan(view));
    L.DomEvent.disableClickPropagation(box);
    return box;
  };
  return control;
}

/** An added facility with its category's proposed icon; a moved one at its new place. Removed facilities are listed, not drawn. */
function editMarker(view, edit) {
  const { categories } = view.ctx;
  const geometry = edit.kind === 'add' ? edit.facility?.geometry : edit.kind === 'move' ? edit.geometry : null;
  if (geometry?.type !== 'Point') return null;
  const [lon, lat] = geometry.coordinates;
  const category = categories.find((c) => c.id === edit.facility?.properties?.category) || categories[0];
  const title = edit.facility?.properties?.name || edit.facilityId;
  return L.marker([lat, lon], {
    icon: facilityIcon(category, categories.indexOf(category), true, `scenario-marker scenario-${edit.kind}`),
    title, alt: title, keyboard: true,
  });
}

// ----- Compare two (or one with the plan) for the current circle.

async function compare(view) {
  const { a, b } = view.pick;
  if (!a || !b) return;
  const mine = ++view.sequence;
  try {
    const result = await api.compareScenarios(a, b, view.ctx.getCircleId());
    if (mine !== view.sequence) return;
    Object.assign(view, { compared: result, opened: null, openedResult: null });
    const circle = result.circles[0];
    clearMap(view);
    outlineShifts(view.overlay, view.ctx.settlementLayer, circle ? circle.gained.map((s) => s.id) : [], circle ? circle.lost.map((s) => s.id) : []);
    showOverlay(view);
    render(view);
  } catch (err) {
    if (mine === view.sequence) failed(view, err);
  }
}

function closeCompare(view) {
  view.sequence++;
  view.compared = null;
  clearMap(view);
  render(view);
}

// ----- Map: gained settlements outlined blue, lost orange (dashed), over the coverage colours.

/** Brings what the scenario changes into view (keeping the town around it: at most zoom 14). */
function showOverlay(view) {
  const bounds = view.overlay.getBounds();
  if (bounds.isValid()) view.ctx.map.fitBounds(bounds, { padding: [48, 48], maxZoom: 14, animate: false });
}

function clearMap(view) {
  view.overlay.clearLayers();
  view.label?.remove();
  view.label = null;
  delete view.ctx.map.getContainer().dataset.scenario;
}

// ----- Panel markup (rebuilt from state: list, opened scenario, comparison).

function render(view) {
  const root = $('#scenarios');
  if (!root) return;
  root.innerHTML = `
    <h3 id="scenarios-heading">${escapeHtml(t('scenariosHeading'))}</h3>
    ${view.opened ? openedHtml(view) : ''}
    ${view.list.length ? `<ul id="scenario-list" class="scenario-list">${view.list.map((s) => itemHtml(view, s)).join('')}</ul>`
      : `<p class="hint" id="scenarios-empty">${escapeHtml(t('scenariosEmpty'))}</p>`}
    ${view.list.length ? compareFormHtml(view) : ''}
    ${view.compared ? comparisonHtml(view.compared) : ''}`;
  root.querySelector('.rename-form input')?.focus();
  if (view.label) relabel(view);
}

const when = (iso) => new Date(iso).toLocaleString(getLang() === 'en' ? 'en-GB' : 'zh-CN', { dateStyle: 'medium', timeStyle: 'short' });

function itemHtml(view, s) {
  const name = escapeHtml(scenarioName(s));
  const open = view.opened?.id === s.id;
  const head = view.renaming === s.id
    ? `<form class="rename-form" data-id="${escapeHtml(s.id)}">
        <input name="name" type="text" maxlength="200" required value="${escapeHtml(s.name)}" aria-label="${escapeHtml(t('scenarioRenameLabel'))}">
        <button type="submit">${escapeHtml(t('scenarioRenameSave'))}</button>
        <button type="button" class="secondary" data-action="cancel-rename">${escapeHtml(t('cancel'))}</button></form>`
    : `<strong class="scenario-name">${name}</strong>`;
  const tail = view.confirming === s.id
    ? `<p class="confirm" role="alert">${escapeHtml(t('scenarioDeleteConfirm', { name: scenarioName(s) }))}</p>
       <div class="buttons"><button type="button" data-action="confirm-delete">${escapeHtml(t('scenarioDelete'))}</button>
       <button type="button" class="secondary" data-action="cancel-delete">${escapeHtml(t('cancel'))}</button></div>`
    : `<div class="buttons">
        <button type="button" data-action="open" aria-pressed="${open}" aria-label="${escapeHtml(t('scenarioOpenLabel', { name: scenarioName(s) }))}">${escapeHtml(t('scenarioOpen'))}</button>
        <button type="button" class="secondary" data-action="rename" aria-label="${escapeHtml(t('scenarioRenameLabel'))}: ${name}">${escapeHtml(t('scenarioRename'))}</button>
        <button type="button" class="secondary" data-action="delete" aria-label="${escapeHtml(t('scenarioDelete'))}: ${name}">${escapeHtml(t('scenarioDelete'))}</button></div>`;
  const conflict = view.conflict?.id === s.id ? conflictHtml(view.conflict) : '';
  return `<li data-id="${escapeHtml(s.id)}" data-edits="${s.editCount}"${open ? ' class="open"' : ''}>${head}
    <p class="source">${escapeHtml(t('scenarioMeta', { when: when(s.createdAt), n: s.editCount }))}</p>${conflict}${tail}</li>`;
}

function openedHtml(view) {
  const { opened, openedResult: result } = view;
  const removed = opened.edits.filter((e) => e.kind === 'remove').map((e) => e.facilityId);
  const circle = view.ctx.circles.find((c) => c.id === view.ctx.getCircleId());
  return `<div id="scenario-opened" class="scenario-opened" data-id="${escapeHtml(opened.id)}" data-delta="${result.deltaDemand}" aria-live="polite">
    <p class="scenario-label">${escapeHtml(t('scenarioViewing', { name: scenarioName(opened) }))}</p>
    <p class="source">${escapeHtml(t('scenarioAgainstPlan', { circle: nameOf(circle) }))}</p>
    ${whatIfHtml(result, 'scenario-view')}
    ${removed.length ? `<p class="source">${escapeHtml(t('scenarioRemoved', { list: removed.join('、') }))}</p>` : ''}
    ${legendHtml(t('legendGainedPlan'), t('legendLostPlan'))}
    <button type="button" id="scenario-back" data-action="back">${escapeHtml(t('scenarioBack'))}</button></div>`;
}

function compareFormHtml(view) {
  const options = (chosen) => [{ id: CURRENT, current: true }, ...view.list]
    .map((s) => `<option value="${escapeHtml(s.id)}"${s.id === chosen ? ' selected' : ''}>${escapeHtml(scenarioName(s))}</option>`).join('');
  return `<form id="compare-form" class="compare-form">
    <label for="compare-a">${escapeHtml(t('compareA'))}</label><select id="compare-a" name="a">${options(view.pick.a)}</select>
    <label for="compare-b">${escapeHtml(t('compareB'))}</label><select id="compare-b" name="b">${options(view.pick.b)}</select>
    <button type="submit" id="compare-run">${escapeHtml(t('compareRun'))}</button></form>`;
}

