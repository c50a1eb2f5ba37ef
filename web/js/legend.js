// The map's legend (a Leaflet control): status colours with the circle's unit and minutes, the two drawing levels,
// and one switch per facility category (the circle's own categories on, others off until ticked).
import { escapeHtml, isPhone } from './dom.js';
import { nameOf, t, textOf } from './i18n.js';
import { iconSvg } from './icons.js';
import { NO_STATUS_COLOUR, STATUS_COLOUR } from './palette.js';

const STATUSES = ['covered', 'partly', 'uncovered'];

/** Adds the legend to the map; onToggle(categoryId, visible) when a category switch changes. */
export function createLegend(map, categories, onToggle) {
  const state = { categories, shown: new Set(), circle: null, unit: null };
  const control = L.control({ position: 'topright' });
  control.onAdd = () => legendElement(state, onToggle);
  control.addTo(map);
  const root = control.getContainer();
  return {
    element: root,
    /** The circle and its demand unit ({ zh, en }) changed; shown is the set of visible category ids. */
    setCircle(circle, unit, shown) {
      Object.assign(state, { circle, unit, shown: new Set(shown) });
      render(root, state);
    },
    render: () => render(root, state),
  };
}

function legendElement(state, onToggle) {
  const root = L.DomUtil.create('details', 'map-legend leaflet-bar');
  root.id = 'map-legend';
  root.open = !isPhone();
  L.DomEvent.disableClickPropagation(root);
  L.DomEvent.disableScrollPropagation(root);
  root.addEventListener('change', (e) => {
    const id = e.target.dataset.category;
    if (!id) return;
    e.target.checked ? state.shown.add(id) : state.shown.delete(id);
    onToggle(id, e.target.checked);
  });
  render(root, state);
  return root;
}

function render(root, state) {
  root.setAttribute('aria-label', t('mapLegendLabel'));
  const c = state.circle;
  const unit = c && state.unit
    ? `<p class="legend-unit" id="legend-unit">${escapeHtml(t('legendUnit', { unit: textOf(state.unit), minutes: c.minutes }))}</p>` : '';
  const wasOpen = root.open;
  root.innerHTML = `<summary>${escapeHtml(t('legend'))}${c ? ` · ${escapeHtml(nameOf(c))}` : ''}</summary>
    <div class="legend-body">${unit}
      <ul class="legend" id="legend-status">${statusItems()}</ul>
      <h3>${escapeHtml(t('facilities'))}</h3>
      <ul class="legend categories" id="legend-categories">${categoryItems(state)}</ul>
      <p class="hint">${escapeHtml(t('legendOtherCategories'))}</p>
    </div>`;
  root.open = wasOpen;
}

const swatch = (colour) => `<span class="swatch" style="background:${colour}"></span>`;

function statusItems() {
  return STATUSES.map((s) => `<li data-status="${s}">${swatch(STATUS_COLOUR[s])}${escapeHtml(t(s))}</li>`).join('') +
    `<li data-status="none">${swatch(NO_STATUS_COLOUR)}${escapeHtml(t('notAssessed'))}</li>` +
    `<li class="level" id="legend-villages"><span class="swatch area"></span>${escapeHtml(t('legendVillages'))}</li>` +
    `<li class="level" id="legend-settlements"><span class="swatch"></span>${escapeHtml(t('legendSettlements'))}</li>`;
}

function categoryItems(state) {
  return state.categories
    .map((c, i) => {
      const id = `legend-cat-${escapeHtml(c.id)}`;
      return `<li><input type="checkbox" id="${id}" data-category="${escapeHtml(c.id)}"${state.shown.has(c.id) ? ' checked' : ''}>
        <label for="${id}">${iconSvg(c, i, 18)}<span>${escapeHtml(nameOf(c))}</span></label></li>`;
    })
    .join('');
}
