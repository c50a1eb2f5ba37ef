// Recent edits (planner only): who changed which facility or settlement and when, newest first, each with 撤销 / Undo.
// The server writes the row's before state back (POST /api/edit-log/{id}/undo) and refuses with 409 when the thing was
// changed again since; that answer is shown as the server words it.
import { api } from './api.js';
import { getLang, t } from './i18n.js';
import { $, escapeHtml } from './dom.js';

/** Rows the server can undo; a restore or a scenario edit is listed by the log but not here. */
const UNDOABLE = new Set(['facility', 'settlement', 'circle_standard']);
const SHOWN = 12;

/** ctx: { notify(error|text), onUndone(), onUnauthorized() }. */
export function createHistory(ctx) {
  const view = { ctx, rows: [], busy: false };
  const root = $('#history');
  root.addEventListener('click', (e) => {
    const button = e.target.closest('button[data-undo]');
    if (button) undo(view, Number(button.dataset.undo));
  });
  return {
    refresh: () => refresh(view),
    render: () => render(view),
    clear: () => { view.rows = []; render(view); },
  };
}

async function refresh(view) {
  try {
    const rows = await api.editLog({ newest: true, limit: 100 });
    view.rows = rows.filter((r) => UNDOABLE.has(r.entity)).slice(0, SHOWN);
  } catch (err) {
    if (err.status === 401) view.ctx.onUnauthorized();
    return view.ctx.notify(err);
  }
  render(view);
}

async function undo(view, id) {
  if (view.busy) return;
  view.busy = true;
  try {
    const row = view.rows.find((r) => r.id === id);
    await api.undoEdit(id);
    view.ctx.notify(t('historyUndone', { what: row ? whatOf(row) : `#${id}` }));
    view.ctx.onUndone();
  } catch (err) {
    if (err.status === 401) view.ctx.onUnauthorized();
    view.ctx.notify(err);
  } finally {
    view.busy = false;
  }
  await refresh(view);
}

/** The thing's name as the row left it (or found it, for a delete). */
function nameOf(row) {
  for (const json of [row.afterJson, row.beforeJson]) {
    if (!json) continue;
    try {
      const o = JSON.parse(json);
      const name = o.name || o.nameZh;
      if (name) return name;
    } catch { /* not JSON: show the id */ }
  }
  return row.entityId;
}

function whatOf(row) {
  return `${t(`historyAction_${row.action}`)}${getLang() === 'en' ? ' ' : ''}${t(`historyEntity_${row.entity}`)} ${nameOf(row)}`;
}

function render(view) {
  const root = $('#history');
  const locale = getLang() === 'en' ? 'en-GB' : 'zh-CN';
  const items = view.rows.map((r) => `
    <li data-edit="${r.id}">
      <span class="history-what">${escapeHtml(whatOf(r))}</span>
      <span class="history-who">${escapeHtml(r.actor)} · ${escapeHtml(new Date(r.at).toLocaleString(locale))}</span>
      <button type="button" class="secondary" data-undo="${r.id}">${escapeHtml(t('historyUndo'))}</button>
    </li>`).join('');
  root.innerHTML = `<h3 id="history-heading">${escapeHtml(t('historyHeading'))}</h3>` +
    (items ? `<ol class="history-list">${items}</ol>` : `<p class="hint">${escapeHtml(t('historyEmpty'))}</p>`);
}
