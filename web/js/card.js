// A village's card: every circle's answer for one settlement (/api/settlements/{id}/access) in the panel, and the walk
// behind the chosen circle's minutes (/route) drawn on the map. Figures are the server's; the page only lays them out.
import { api } from './api.js';
import { escapeHtml } from './dom.js';
import { NO_STATUS_COLOUR, STATUS_COLOUR } from './palette.js';
import { fmtInt, minutesText, nameOf, t, textOf } from './i18n.js';

const L = window.L;
const ROUTE_COLOUR = '#3b2a8f'; // violet: apart from the covered/partly/uncovered palette
const TOWN_PADDING = [24, 24];

/**
 * ctx: { map, element (the panel section), settlementLayer, getCircleId(), onCircleSelect(id), onChange(), notify(err) }.
 * open(id, { fit }) shows a village (fit: the map fits its town first); close(); circleChanged() redraws the route.
 */
export function createCard(ctx) {
  const state = { id: null, access: null, route: null, layer: null, sequence: 0 };
  ctx.element.addEventListener('click', (e) => onCardClick(e, state, ctx, card));
  const card = {
    get villageId() { return state.id; },
    open: (id, options = {}) => open(state, ctx, id, options),
    close: () => close(state, ctx),
    // A card still loading is reloaded whole (its first answer is dropped as stale).
    circleChanged: () => state.id && (state.access ? loadRoute(state, ctx) : open(state, ctx, state.id)),
    render: () => render(state, ctx),
  };
  return card;
}

function onCardClick(event, state, ctx, card) {
  if (event.target.closest('#card-close')) card.close();
  const circle = event.target.closest('button[data-circle]')?.dataset.circle;
  if (circle && circle !== ctx.getCircleId()) ctx.onCircleSelect(circle);
}

async function open(state, ctx, id, { fit = false } = {}) {
  const mine = ++state.sequence;
  state.id = id;
  state.access = state.route = null;
  clearRoute(state, ctx.map);
  if (fit) fitTown(ctx, id);
  render(state, ctx);
  try {
    const [access, route] = await Promise.all([api.access(id), api.route(id, ctx.getCircleId())]);
    if (mine !== state.sequence) return;
    state.access = access;
    showRoute(state, ctx, route);
  } catch (err) {
    if (mine === state.sequence) close(state, ctx);
    ctx.notify(err);
  }
}

async function loadRoute(state, ctx) {
  const mine = ++state.sequence;
  try {
    const route = await api.route(state.id, ctx.getCircleId());
    if (mine === state.sequence) showRoute(state, ctx, route);
  } catch (err) {
    ctx.notify(err);
  }
}

function showRoute(state, ctx, route) {
  clearRoute(state, ctx.map);
  state.route = route;
  if (route.geometry) state.layer = routeLayer(route).addTo(ctx.map);
  render(state, ctx);
}

function close(state, ctx) {
  state.sequence++;
  state.id = state.access = state.route = null;
  clearRoute(state, ctx.map);
  render(state, ctx);
}

function clearRoute(state, map) {
  if (state.layer) map.removeLayer(state.layer);
  state.layer = null;
}

/** Fits the map to the village's town (its settlements), so the village is seen among its neighbours. */
function fitTown(ctx, id) {
  const town = ctx.settlementLayer.layers.get(id)?.feature.properties.town;
  const bounds = L.latLngBounds([]);
  for (const layer of ctx.settlementLayer.layers.values())
    if (layer.feature.properties.town === town) bounds.extend(layer.getBounds ? layer.getBounds() : layer.getLatLng());
  if (bounds.isValid()) ctx.map.fitBounds(bounds, { padding: TOWN_PADDING, maxZoom: 16 });
}

/** The walk: solid within the limit, dashed beyond it, a dot at the limit, the facility ringed. */
function routeLayer(route) {
  const p = route.properties;
  const latLngs = route.geometry.coordinates.map(([lon, lat]) => [lat, lon]);
  const at = p.limitIndex ?? 0;
  const group = L.featureGroup();
  if (at > 0) group.addLayer(L.polyline(latLngs.slice(0, at + 1), { color: ROUTE_COLOUR, weight: 4, dashArray: '8 8', className: 'route-line route-beyond' }));
  group.addLayer(L.polyline(latLngs.slice(at), { color: ROUTE_COLOUR, weight: 5, className: 'route-line route-within' }));
  if (p.limitPoint) {
    group.addLayer(L.circleMarker([p.limitPoint[1], p.limitPoint[0]], { radius: 6, color: '#fff', weight: 2, fillColor: ROUTE_COLOUR, fillOpacity: 1, className: 'route-limit' })
      .bindTooltip(() => t('cardLimitPoint', { limit: p.limitMinutes })));
  }
  group.addLayer(L.circleMarker(latLngs[latLngs.length - 1], { radius: 15, color: ROUTE_COLOUR, weight: 3, fill: false, className: 'route-facility' })
    .bindTooltip(() => escapeHtml(p.facility.name || p.facility.id)));
  return group;
}

function render(state, ctx) {
  const el = ctx.element;
  el.hidden = !state.id;
  el.dataset.id = state.id || '';
  el.dataset.circle = state.route?.properties.circle || '';
  el.dataset.loaded = String(Boolean(state.access && state.route));
  ctx.onChange?.();
  if (!state.id) return el.replaceChildren();
  el.innerHTML = state.access ? cardHtml(state.access, state.route, ctx.getCircleId()) : `${closeButton()}<p role="status">${escapeHtml(t('cardLoading'))}</p>`;
}

const closeButton = () => `<button type="button" id="card-close" class="close" aria-label="${escapeHtml(t('cardClose'))}">×</button>`;

function cardHtml(a, route, circleId) {
  return `${closeButton()}
    <h2 id="card-heading">${escapeHtml(a.name)}</h2>
    <p class="card-where">${escapeHtml(a.town || '')}${a.village ? ` · ${escapeHtml(t('cardVillageOf', { village: a.village }))}` : ''}</p>
    <p class="card-people">${escapeHtml(t('cardPeople', { n: fmtInt(a.population), unit: textOf(a.populationUnit) }))} ·
      ${escapeHtml(t('cardElderly', { n: fmtInt(a.elderly), unit: textOf(a.elderlyUnit) }))}</p>
    <table class="card-circles">
      <caption>${escapeHtml(t('cardCircles'))}</caption>
      <thead><tr><th scope="col">${escapeHtml(t('cardColCircle'))}</th><th scope="col">${escapeHtml(t('cardColStatus'))}</th>
        <th scope="col">${escapeHtml(t('cardColMinutes'))}</th><th scope="col">${escapeHtml(t('cardColFacility'))}</th></tr></thead>
      <tbody>${a.circles.map((c) => circleRow(c, c.id === circleId)).join('')}</tbody>
    </table>
    <p class="card-route" id="card-route">${escapeHtml(routeText(route))}</p>`;
}

function circleRow(c, selected) {
  const colour = STATUS_COLOUR[c.status] || NO_STATUS_COLOUR;
  const status = c.status === 'not-assessed' ? t('notAssessed') : t(c.status);
  return `<tr data-circle="${escapeHtml(c.id)}" data-status="${escapeHtml(c.status)}"${selected ? ' class="selected" aria-current="true"' : ''}>
    <th scope="row"><button type="button" class="link" data-circle="${escapeHtml(c.id)}" aria-pressed="${selected}">${escapeHtml(nameOf(c))}</button>
      <span class="limit">${escapeHtml(t('cardLimit', { minutes: c.limitMinutes }))}</span></th>
    <td class="status"><span class="swatch" style="background:${colour}" aria-hidden="true"></span>${escapeHtml(status)}</td>
    <td class="minutes">${escapeHtml(c.status === 'not-assessed' ? '—' : minutesText(c))}</td>
    <td class="facility">${escapeHtml(c.facility?.name || '—')}</td></tr>`;
}

/** The route line's words: from where, how long, to which facility, and what the dashes mean; or why there is none. */
function routeText(route) {
  if (!route) return t('cardLoading');
  const p = route.properties;
  if (!route.geometry) return textOf({ zh: p.reasonZh, en: p.reasonEn });
  const text = [t('cardRoute', { from: p.from.name, minutes: Number(p.routeMinutes).toFixed(1), facility: p.facility.name || p.facility.id })];
  if (p.from.settlementId !== p.settlementId) text.push(t('cardRouteFrom', { name: p.from.name }));
  if (p.beyondLimit) text.push(t('cardRouteBeyond', { limit: p.limitMinutes }));
  return text.join(' ');
}
