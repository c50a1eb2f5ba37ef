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
    if (force === true || origin !== layerOrigin) dropAll();
    layerOrigin = origin;
    shown = placeLabels(map, candidates.filter(wantedIn(map)), shown);
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
 * Greedy placement: each name is drawn, measured on screen and kept only if its box clears every kept box. A name whose
 * box would surely hold a point inside a kept box (see probeOf) is left out without being drawn and measured: the same
 * names are kept, without a layout of the page for each crowded-out village.
 */
function placeLabels(map, candidates, previous) {
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
  const margins = {};
  for (const c of candidates) {
    const probe = probeOf(map, origin, c, margins);
    if (probe && boxes.some((b) => holds(b, probe))) continue;
    const key = candidateKey(c);
    const before = placed.get(key);
    if (before) {
      // Placed at the previous view: the same element and box, moved with the map; kept or dropped by the same rule.
      placed.delete(key);
      const box = moved(before.layerBox, shift.x, shift.y);
      noteMargin(map, origin, c, box, margins);
      if (boxes.some((b) => overlaps(b, box))) dropLabel(before.tip);
      else {
        boxes.push(box);
        kept.push(before);
      }
      continue;
    }
    const tip = L.tooltip({ permanent: true, ...c.place, className: `village-label${c.village ? ' village-label-village' : ''}`, pane: 'village-labels', interactive: false })
      .setLatLng(c.centre)
      .setContent(escapeHtml(c.name))
      .addTo(map);
    const el = tip.getElement();
    const box = el.getBoundingClientRect();
    noteMargin(map, origin, c, box, margins);
    if (boxes.some((b) => overlaps(b, box))) {
      dropLabel(tip);
      continue;
    }
    el.dataset.population = String(c.population);
    boxes.push(box);
    kept.push({ tip, key, layerBox: moved(box, -shift.x, -shift.y) });
  }
  for (const { tip } of placed.values()) dropLabel(tip);
  return kept;
}

const moved = (b, dx, dy) => ({ left: b.left + dx, right: b.right + dx, top: b.top + dy, bottom: b.bottom + dy });

/**
 * A point on screen surely inside the candidate's name box, before it is drawn: a centred name holds its own point; a name
 * to the right starts at its offset plus the tooltip's margin (measured on the first such name kept, margins[direction])
 * and is centred on its point's height, so one pixel into it is inside. null until that margin is known.
 */
function probeOf(map, origin, c, margins) {
  const p = map.latLngToContainerPoint(c.centre);
  const x = origin.left + p.x + c.place.offset[0];
  const y = origin.top + p.y + c.place.offset[1];
  if (c.place.direction === 'center') return { x, y };
  if (margins[c.place.direction] === undefined) return null;
  return { x: x + margins[c.place.direction] + 1, y };
}

/** Notes, from a name just placed, how far its box starts beyond its offset point (the CSS margin of its direction). */
function noteMargin(map, origin, c, box, margins) {
  if (c.place.direction === 'center' || margins[c.place.direction] !== undefined) return;
  const p = map.latLngToContainerPoint(c.centre);
  margins[c.place.direction] = box.left - (origin.left + p.x + c.place.offset[0]);
}

const holds = (b, p) => b.left < p.x && p.x < b.right && b.top < p.y && p.y < b.bottom;

// Leaflet fades a removed tooltip out over 200 ms before it leaves the DOM; a name that was never shown, or is
// replaced, leaves at once so no stale box lingers under the new ones.
function dropLabel(tip) {
  const el = tip.getElement();
  tip.remove();
  el?.remove();
}

const overlaps = (a, b) =>
  a.left < b.right + GAP && b.left < a.right + GAP && a.top < b.bottom + GAP && b.top < a.bottom + GAP;
