// Village names on the map as you zoom in: administrative villages and communities (行政村/社区) from mid zoom,
import { escapeHtml } from './dom.js';
// natural villages closer in; larger villages first, a name that would overlap one already placed is left out.

/** Zoom from which villages and communities are named, and from which natural villages are too. */
export const VILLAGE_LABEL_ZOOM = 12.5;
export const PLACE_LABEL_ZOOM = 14.5;
const GAP = 2; // px kept clear around each name
/** localeCompare's own order (the default locale and options), made once: 2,000 names sorted on every view at scale. */
const byName = new Intl.Collator();

/** Keeps the names in step with the map; settlementLayer is createSettlementLayer's { layers }. */
export function createVillageLabels(map, settlementLayer) {
  const pane = map.createPane('village-labels');
  pane.style.zIndex = 640;
  pane.style.pointerEvents = 'none';
  const candidatesOf = () => [...settlementLayer.layers.values()]
    .map((layer) => ({ layer, ...labelOf(layer) }))
    .sort((a, b) => b.population - a.population || byName.compare(a.name, b.name));
  // A viewport layer (a large region) holds other villages after every move: its names are gathered again each time.
  let candidates = candidatesOf();
  let shown = [];
  let placedFor = null;
  const sizes = new Map();
  // Names are placed again only when the view or its villages changed (a zoom fires zoomend and moveend; a circle switch
  // at scale redraws the same villages): placing measures each name on screen, the page's dearest step at street zoom.
  // A pan keeps a name still placed where it was: its box only moves with the map. A font change measures all again, and
  // so does a jump farther than the screen (Leaflet then moves the origin of the map's layer, where the boxes are kept).
  let layerOrigin = null;
  const update = (force = false) => {
    if (settlementLayer.viewport) candidates = candidatesOf();
    const key = placementKey(map, candidates);
    if (force !== true && key === placedFor) return;
    placedFor = key;
    const origin = String(map.getPixelOrigin());
    if (force === true) sizes.clear();
    if (force === true || origin !== layerOrigin) dropAll();
    layerOrigin = origin;
    shown = placeLabels(map, candidates.filter(wantedIn(map)), shown, sizes);
  };
  const dropAll = () => {
    for (const { tip } of shown) dropLabel(tip);
    shown = [];
  };
  // A zoom takes the names down at its start, as they are placed again after it: Leaflet would otherwise move each name
  // through the zoom, measuring it on screen every time (a page layout per name).
  map.on('zoomstart', () => {
    dropAll();
    placedFor = null;
  });
  // A viewport layer calls update itself once each view is drawn: naming the view before would place its old villages.
  if (!settlementLayer.viewport) map.on('zoomend moveend', update);
  // A font subset arriving after the names were measured changes their widths: place them again.
  document.fonts?.addEventListener('loadingdone', () => update(true));
  update();
  return { update, count: () => shown.length };
}

function labelOf(layer) {
  const p = layer.feature.properties;
  const area = Boolean(layer.getBounds);
  const centre = area ? layer.getBounds().getCenter() : layer.getLatLng();
  // An area is named at its centre; a dot beside itself, so the name does not hide its colour.
  const place = area ? { direction: 'center', offset: [0, 0] } : { direction: 'right', offset: [(layer.options.radius || 6) + 1, 0] };
  return { name: p.name || '', population: p.population || 0, village: p.parentId == null, centre, place };
}

/** Whether a candidate is named in the map's view now (the view read once, not once per village). */
const wantedIn = (map) => {
  const zoom = map.getZoom();
  const bounds = map.getBounds();
  return (c) => c.name && (c.village ? zoom >= VILLAGE_LABEL_ZOOM : zoom >= PLACE_LABEL_ZOOM) && bounds.contains(c.centre);
};

/** What the names' placement depends on: the map's view and each candidate's name, size, level and point. */
function placementKey(map, candidates) {
  const b = map.getPixelBounds();
  return [map.getZoom(), b.min.x, b.min.y, b.max.x, b.max.y, ...candidates.map(candidateKey)].join('\u0002');
}

/** One name as placed: its text, size, level, point and side (the same key, the same box in the map's layer). */
const candidateKey = (c) => `${c.name}\u0001${c.population}\u0001${c.village}\u0001${c.centre.lat},${c.centre.lng}\u0001${c.place.direction}`;

/**
 * Greedy placement: each name's box is worked out from its size (all new names measured in one layout, see measureNames)
 * and its point, and the name is kept only if its box clears every kept box. Only kept names are added to the map, each
 * placed from its measured size: no layout of the page is forced per name (Leaflet's own tooltip reads its size on
 * screen as it is added, one layout per name, the page's dearest step on a zoom in at scale).
 */
function placeLabels(map, candidates, previous, sizes) {
  // No name wanted (a view zoomed out): nothing to measure, so no layout of the page is forced here.
  if (!candidates.length) {
    for (const { tip } of previous) dropLabel(tip);
    return [];
  }
  const kept = [];
  const boxes = [];
  const origin = map.getContainer().getBoundingClientRect();
  // Screen point of the map layer's origin: a name's box on screen is its box in the layer moved by this.
  const corner = map.containerPointToLayerPoint([0, 0]);
  const shift = { x: origin.left - corner.x, y: origin.top - corner.y };
  const placed = new Map(previous.map((e) => [e.key, e]));
  measureNames(map, candidates.filter((c) => !placed.has(candidateKey(c))), sizes);
  for (const c of candidates) {
    const key = candidateKey(c);
    const before = placed.get(key);
    if (before) {
      // Placed at the previous view: the same element and box, moved with the map; kept or dropped by the same rule.
      placed.delete(key);
      const box = moved(before.layerBox, shift.x, shift.y);
      if (boxes.some((b) => overlaps(b, box))) dropLabel(before.tip);
      else {
        boxes.push(box);
        kept.push(before);
      }
      continue;
    }
    const size = sizes.get(sizeKey(c));
    const pos = tipPosition(map, c, size);
    const layerBox = { left: pos.x + size.dx, top: pos.y + size.dy, right: pos.x + size.dx + size.width, bottom: pos.y + size.dy + size.height };
    const box = moved(layerBox, shift.x, shift.y);
    if (boxes.some((b) => overlaps(b, box))) continue;
    const tip = new MeasuredTooltip({ permanent: true, ...c.place, className: labelClass(c), pane: 'village-labels', interactive: false }, size)
      .setLatLng(c.centre)
      .setContent(escapeHtml(c.name))
      .addTo(map);
    tip.getElement().dataset.population = String(c.population);
    boxes.push(box);
    kept.push({ tip, key, layerBox });
  }
  for (const { tip } of placed.values()) dropLabel(tip);
  return kept;
}

const labelClass = (c) => `village-label${c.village ? ' village-label-village' : ''}`;
/** A name's size depends only on its text and level (the font): measured once until the fonts change. */
const sizeKey = (c) => `${c.village ? 1 : 0}\u0001${c.name}`;

/**
 * Measures every name not measured yet in one layout of the page: each is put, hidden, in the names' pane with the classes
 * its tooltip will have, all are added before any is read. Keeps, per name, Leaflet's offset size (which it positions
 * by), the box's exact size and where the box starts from the tooltip's position (its CSS margin).
 */
function measureNames(map, candidates, sizes) {
  const pane = map.getPane('village-labels');
  const probes = [];
  const batch = document.createDocumentFragment();
  for (const c of candidates) {
    const key = sizeKey(c);
    if (sizes.has(key)) continue;
    sizes.set(key, null);
    const el = document.createElement('div');
    el.className = `leaflet-tooltip ${labelClass(c)} leaflet-tooltip-${c.place.direction}`;
    el.style.visibility = 'hidden';
    el.innerHTML = escapeHtml(c.name);
    batch.appendChild(el);
    probes.push({ key, el });
  }
  if (!probes.length) return;
  pane.appendChild(batch);
  const at = pane.getBoundingClientRect();
  for (const { key, el } of probes) {
    const r = el.getBoundingClientRect();
    sizes.set(key, { w: el.offsetWidth, h: el.offsetHeight, width: r.width, height: r.height, dx: r.left - at.left, dy: r.top - at.top });
  }
  for (const { el } of probes) el.remove();
}

/** Where Leaflet puts a tooltip of this size in the map's layer. */
const tipPosition = (map, c, size) => placedAt(map.latLngToLayerPoint(c.centre), c.place, size);

/** Leaflet's Tooltip._setPosition for the two sides names use ('center', 'right'), from a measured offset size. */
function placedAt(point, place, size) {
  const sub = place.direction === 'center' ? L.point(size.w / 2, size.h / 2, true) : L.point(0, size.h / 2, true);
  return point.subtract(sub).add(L.point(place.offset));
}

/** A permanent name whose size was measured beforehand: it is placed without reading its size on screen. */
const MeasuredTooltip = L.Tooltip.extend({
  initialize(options, size) {
    L.Tooltip.prototype.initialize.call(this, options);
    this._measured = size;
  },
  _setPosition(pos) {
    L.DomUtil.addClass(this._container, `leaflet-tooltip-${this.options.direction}`);
    L.DomUtil.setPosition(this._container, placedAt(pos, this.options, this._measured));
  },
});

const moved = (b, dx, dy) => ({ left: b.left + dx, right: b.right + dx, top: b.top + dy, bottom: b.bottom + dy });

// Leaflet fades a removed tooltip out over 200 ms before it leaves the DOM; a name that was never shown, or is
// replaced, leaves at once so no stale box lingers under the new ones.
function dropLabel(tip) {
  const el = tip.getElement();
  tip.remove();
  el?.remove();
}

const overlaps = (a, b) =>
  a.left < b.right + GAP && b.left < a.right + GAP && a.top < b.bottom + GAP && b.top < a.bottom + GAP;
