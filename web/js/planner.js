// Planner mode: sign in with a token, drop or drag proposed facilities, see the what-if change live, save or discard.
import { api, getToken, setToken } from './api.js';
import { fmtInt, fmtPct, nameOf, statusList, t, textOf } from './i18n.js';
import { escapeHtml } from './dom.js';
import { facilityIcon, highlightSettlements } from './layers.js';

const L = window.L;

/** ctx: { map, getCircleId, categories, settlementLayer, notify(error|text), onSignOut() }. */
export function createPlanner(ctx) {
  const $ = (sel) => document.querySelector(sel);
  const proposals = []; // { marker, category }
  let placing = false;
  let lastResult = null;
  let sequence = 0;

  const dialog = $('#sign-in-dialog');
  $('#sign-in').addEventListener('click', () => (getToken() ? signOut() : openSignIn()));
  $('#sign-in-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    if (e.submitter?.value === 'cancel') return dialog.close();
    const token = $('#token-input').value.trim();
    if (!token) return;
    setToken(token);
    try {
      await api.checkToken();
    } catch (err) {
      setToken(null);
      ctx.notify(err);
      return;
    }
    $('#token-input').value = '';
    dialog.close();
    render();
  });
  $('#place-facility').addEventListener('click', () => setPlacing(!placing));
  $('#discard-scenario').addEventListener('click', discard);
  $('#save-scenario').addEventListener('click', save);
  ctx.map.on('click', (e) => {
    if (!placing || !getToken()) return;
    addProposal(e.latlng);
    setPlacing(false);
  });

  function openSignIn() {
    dialog.showModal ? dialog.showModal() : dialog.setAttribute('open', '');
    $('#token-input').focus();
  }

  function signOut() {
    setToken(null);
    discard();
    ctx.onSignOut?.();
    render();
  }

  function setPlacing(on) {
    placing = on;
    ctx.map.getContainer().classList.toggle('placing', on);
    $('#place-facility').setAttribute('aria-pressed', String(on));
    $('#place-hint').hidden = !on;
  }

  function categoryForNew() {
    const id = $('#planner-category').value;
    return ctx.categories.find((c) => c.id === id) || ctx.categories[0];
  }

  function addProposal(latlng) {
    const category = categoryForNew();
    const index = ctx.categories.indexOf(category);
    const marker = L.marker(latlng, {
      draggable: true,
      autoPan: true,
      icon: facilityIcon(category, index, true, 'proposed-marker'),
      title: t('proposed'),
      alt: t('proposed'),
    }).addTo(ctx.map);
    marker.on('dragend', recompute);
    proposals.push({ marker, category });
    recompute();
  }

  const pointKind = (category) => (category.kinds || []).find((k) => (k.geometry || 'point') === 'point')?.id;

  const edits = () =>
    proposals.map(({ marker, category }, i) => {
      const { lat, lng } = marker.getLatLng();
      return {
        category: category.id,
        kind: pointKind(category),
        name: `${t('proposed')} ${i + 1}`,
        geometry: { type: 'Point', coordinates: [round(lng), round(lat)] },
      };
    });

  async function recompute() {
    if (!proposals.length) return renderResult(null);
    const mine = ++sequence;
    $('#whatif-result').setAttribute('aria-busy', 'true');
    $('#whatif-status').textContent = t('computing');
    try {
      const result = await api.whatif({ circle: ctx.getCircleId(), add: edits(), remove: [], move: [] });
      if (mine !== sequence) return;
      renderResult(result);
    } catch (err) {
      if (mine !== sequence) return;
      if (err.status === 401) signOut();
      ctx.notify(err);
      renderResult(null);
    }
  }

  function renderResult(result) {
    lastResult = result;
    const box = $('#whatif-result');
    box.removeAttribute('aria-busy');
    $('#whatif-status').textContent = '';
    highlightSettlements(ctx.settlementLayer, result ? result.newlyCovered.map((s) => s.id) : []);
    $('#scenario-actions').hidden = !proposals.length;
    if (!result) {
      box.hidden = true;
      delete box.dataset.delta;
      return;
    }
    const unit = textOf(result.demandUnit);
    const delta = result.deltaDemand;
    box.hidden = false;
    Object.assign(box.dataset, { delta: String(delta), before: String(result.before.coveredDemand), after: String(result.after.coveredDemand) });
    const names = result.newlyCovered.map((s) => (s.village ? `${s.name}（${s.village}）` : s.name)).join('、');
    const also = result.demand === 'population'
      ? t('whatifAlsoElderly', { n: signed(result.deltaElderly) })
      : t('whatifAlsoPeople', { n: signed(result.deltaPopulation) });
    box.innerHTML = `
      <p class="source">${escapeHtml(t('whatifCovered', { unit }))}</p>
      <p class="whatif-change"><span>${escapeHtml(t('whatifBefore'))} ${fmtInt(result.before.coveredDemand)} (${fmtPct(result.before.shareDemand)})</span> →
        <span>${escapeHtml(t('whatifAfter'))} ${fmtInt(result.after.coveredDemand)} (${fmtPct(result.after.shareDemand)})</span></p>
      <p class="big ${delta > 0 ? 'met' : ''}" id="whatif-delta">${escapeHtml(t(delta >= 0 ? 'whatifDelta' : 'whatifDeltaNeg', { n: fmtInt(delta), unit }))}</p>
      <p class="source" id="whatif-also">${escapeHtml(also)}</p>
      <p>${escapeHtml(names ? t('newlyCovered', { list: names }) : t('newlyCoveredNone'))}</p>
      <p class="source">${escapeHtml(t('countedStatuses', { list: statusList(result.countedStatuses) }))}</p>`;
  }

  async function save() {
    if (!proposals.length) return;
    const name = $('#scenario-name').value.trim() || t('scenarioDefault');
    try {
      await api.createScenario({ name, description: ctx.getCircleId(), add: edits(), remove: [], move: [] });
      ctx.notify(t('saved', { name }));
      discard();
    } catch (err) {
      if (err.status === 401) signOut();
      ctx.notify(err);
    }
  }

  function discard() {
    sequence++;
    for (const p of proposals) ctx.map.removeLayer(p.marker);
    proposals.length = 0;
    setPlacing(false);
    renderResult(null);
  }

  function render() {
    const signedIn = Boolean(getToken());
    $('#planner').hidden = !signedIn;
    const button = $('#sign-in');
    button.textContent = t(signedIn ? 'signOut' : 'signIn');
    button.dataset.signedIn = String(signedIn);
    const select = $('#planner-category');
    const chosen = select.value;
    select.innerHTML = ctx.categories
      .map((c) => `<option value="${escapeHtml(c.id)}"${c.id === chosen ? ' selected' : ''}>${escapeHtml(nameOf(c))}</option>`)
      .join('');
    if (lastResult) renderResult(lastResult);
  }

  render();
  return {
    signOut,
    /** The circle changed: re-run the what-if for the current proposals. */
    circleChanged: recompute,
    render,
    /** Chooses the proposal category to match a circle's first category. */
    suggestCategory(circle) {
      const id = circle?.categories?.[0]?.split('/')[0];
      if (id && ctx.categories.some((c) => c.id === id)) $('#planner-category').value = id;
    },
  };
}

const round = (x) => Math.round(x * 1e6) / 1e6;
const signed = (n) => `${n > 0 ? '+' : ''}${fmtInt(n)}`;
