// Planner mode: sign in with a token, drop or drag proposed facilities, see the what-if change live, save or discard.
import { api, getToken, setToken } from './api.js';
import { fmtInt, fmtPct, nameOf, statusList, t, textOf } from './i18n.js';
import { $, escapeHtml } from './dom.js';
import { facilityIcon, highlightSettlements } from './layers.js';

const L = window.L;

/**
 * ctx: { map, getCircleId, categories, settlementLayer, notify(error|text), onSignOut(), onSignIn(), onSaved(scenario) }.
 * The planner's state (proposals: [{ marker, category }], placing, lastResult, sequence) is one object its functions share.
 */
export function createPlanner(ctx) {
  const planner = { ctx, proposals: [], placing: false, lastResult: null, sequence: 0 };
  bindSignIn(planner);
  bindProposals(planner);
  render(planner);
  return {
    signOut: () => signOut(planner),
    /** The circle changed: re-run the what-if for the current proposals. */
    circleChanged: () => recompute(planner),
    render: () => render(planner),
    /** Chooses the proposal category to match a circle's first category. */
    suggestCategory: (circle) => suggestCategory(planner, circle),
  };
}

function bindSignIn(planner) {
  const dialog = $('#sign-in-dialog');
  $('#sign-in').addEventListener('click', () => (getToken() ? signOut(planner) : openSignIn(dialog)));
  $('#sign-in-form').addEventListener('submit', (e) => submitToken(planner, dialog, e));
}

async function submitToken(planner, dialog, e) {
  e.preventDefault();
  if (e.submitter?.value === 'cancel') return dialog.close();
  const token = $('#token-input').value.trim();
  if (!token) return;
  setToken(token);
  try {
    await api.checkToken();
  } catch (err) {
    setToken(null);
    planner.ctx.notify(err);
    return;
  }
  $('#token-input').value = '';
  dialog.close();
  render(planner);
  planner.ctx.onSignIn?.();
}

function openSignIn(dialog) {
  dialog.showModal ? dialog.showModal() : dialog.setAttribute('open', '');
  $('#token-input').focus();
}

function signOut(planner) {
  setToken(null);
  discard(planner);
  planner.ctx.onSignOut?.();
  render(planner);
}

function bindProposals(planner) {
  $('#place-facility').addEventListener('click', () => setPlacing(planner, !planner.placing));
  $('#discard-scenario').addEventListener('click', () => discard(planner));
  $('#save-scenario').addEventListener('click', () => save(planner));
  planner.ctx.map.on('click', (e) => {
    if (!planner.placing || !getToken()) return;
    addProposal(planner, e.latlng);
    setPlacing(planner, false);
  });
}

function setPlacing(planner, on) {
  planner.placing = on;
  planner.ctx.map.getContainer().classList.toggle('placing', on);
  $('#place-facility').setAttribute('aria-pressed', String(on));
  $('#place-hint').hidden = !on;
}

function categoryForNew(categories) {
  const id = $('#planner-category').value;
  return categories.find((c) => c.id === id) || categories[0];
}

function addProposal(planner, latlng) {
  const { map, categories } = planner.ctx;
  const category = categoryForNew(categories);
  const marker = L.marker(latlng, {
    draggable: true,
    autoPan: true,
    icon: facilityIcon(category, categories.indexOf(category), true, 'proposed-marker'),
    title: t('proposed'),
    alt: t('proposed'),
  }).addTo(map);
  marker.on('dragend', () => recompute(planner));
  planner.proposals.push({ marker, category });
  recompute(planner);
}

const pointKind = (category) => (category.kinds || []).find((k) => (k.geometry || 'point') === 'point')?.id;

/** The proposals as the API's add edits. */
const edits = (proposals) =>
  proposals.map(({ marker, category }, i) => {
    const { lat, lng } = marker.getLatLng();
    return {
      category: category.id,
      kind: pointKind(category),
      name: `${t('proposed')} ${i + 1}`,
      geometry: { type: 'Point', coordinates: [round(lng), round(lat)] },
    };
  });

async function recompute(planner) {
  if (!planner.proposals.length) return renderResult(planner, null);
  const mine = ++planner.sequence;
  $('#whatif-result').setAttribute('aria-busy', 'true');
  $('#whatif-status').textContent = t('computing');
  try {
    const result = await api.whatif({ circle: planner.ctx.getCircleId(), add: edits(planner.proposals), remove: [], move: [] });
    if (mine === planner.sequence) renderResult(planner, result);
  } catch (err) {
    if (mine !== planner.sequence) return;
    if (err.status === 401) signOut(planner);
    planner.ctx.notify(err);
    renderResult(planner, null);
  }
}

function renderResult(planner, result) {
  planner.lastResult = result;
  const box = $('#whatif-result');
  box.removeAttribute('aria-busy');
  $('#whatif-status').textContent = '';
  highlightSettlements(planner.ctx.settlementLayer, result ? result.newlyCovered.map((s) => s.id) : []);
  $('#scenario-actions').hidden = !planner.proposals.length;
  if (!result) {
    box.hidden = true;
    delete box.dataset.delta;
    return;
  }
  box.hidden = false;
  Object.assign(box.dataset, { delta: String(result.deltaDemand), before: String(result.before.coveredDemand), after: String(result.after.coveredDemand) });
  box.innerHTML = whatIfHtml(result, 'whatif');
}

/** The what-if's change in the circle's demand unit, the other count, and the places newly covered (also a saved scenario's view);
 * prefix names the two figures' ids (prefix-delta, prefix-also). */
export function whatIfHtml(result, prefix) {
  const unit = textOf(result.demandUnit);
  const delta = result.deltaDemand;
  const names = result.newlyCovered.map((s) => (s.village ? `${s.name}（${s.village}）` : s.name)).join('、');
  const also = result.demand === 'population'
    ? t('whatifAlsoElderly', { n: signed(result.deltaElderly) })
    : t('whatifAlsoPeople', { n: signed(result.deltaPopulation) });
  return `
      <p class="source">${escapeHtml(t('whatifCovered', { unit }))}</p>
      <p class="whatif-change"><span>${escapeHtml(t('whatifBefore'))} ${fmtInt(result.before.coveredDemand)} (${fmtPct(result.before.shareDemand)})</span> →
        <span>${escapeHtml(t('whatifAfter'))} ${fmtInt(result.after.coveredDemand)} (${fmtPct(result.after.shareDemand)})</span></p>
      <p class="big ${delta > 0 ? 'met' : ''}" id="${prefix}-delta">${escapeHtml(t(delta >= 0 ? 'whatifDelta' : 'whatifDeltaNeg', { n: fmtInt(delta), unit }))}</p>
      <p class="source" id="${prefix}-also">${escapeHtml(also)}</p>
      <p>${escapeHtml(names ? t('newlyCovered', { list: names }) : t('newlyCoveredNone'))}</p>
      <p class="source">${escapeHtml(t('countedStatuses', { list: statusList(result.countedStatuses) }))}</p>`;
}

async function save(planner) {
  if (!planner.proposals.length) return;
  const name = $('#scenario-name').value.trim() || t('scenarioDefault');
  try {
    const scenario = await api.createScenario({ name, description: planner.ctx.getCircleId(), add: edits(planner.proposals), remove: [], move: [] });
    planner.ctx.notify(t('saved', { name }));
    discard(planner);
    planner.ctx.onSaved?.(scenario);
  } catch (err) {
    if (err.status === 401) signOut(planner);
    planner.ctx.notify(err);
  }
}

function discard(planner) {
  planner.sequence++;
  for (const p of planner.proposals) planner.ctx.map.removeLayer(p.marker);
  planner.proposals.length = 0;
  setPlacing(planner, false);
  renderResult(planner, null);
}

function render(planner) {
  const signedIn = Boolean(getToken());
  $('#planner').hidden = !signedIn;
  const button = $('#sign-in');
  button.textContent = t(signedIn ? 'signOut' : 'signIn');
  button.dataset.signedIn = String(signedIn);
  const select = $('#planner-category');
  const chosen = select.value;
  select.innerHTML = planner.ctx.categories
    .map((c) => `<option value="${escapeHtml(c.id)}"${c.id === chosen ? ' selected' : ''}>${escapeHtml(nameOf(c))}</option>`)
    .join('');
  if (planner.lastResult) renderResult(planner, planner.lastResult);
}

function suggestCategory(planner, circle) {
  const id = circle?.categories?.[0]?.split('/')[0];
  if (id && planner.ctx.categories.some((c) => c.id === id)) $('#planner-category').value = id;
}

const round = (x) => Math.round(x * 1e6) / 1e6;
export const signed = (n) => `${n > 0 ? '+' : ''}${fmtInt(n)}`;
