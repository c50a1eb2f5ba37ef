// A large region's map (docs/API.md, /api/map/*): settlements and facilities read by viewport instead of all at once.
// Few in view: every feature, drawn and coloured exactly as on a county's page. Many: the server's grid clusters, each
// with its count; a settlement cluster is a ring split covered / partly / uncovered under the chosen circle (the circle
// result's own counts). The circle switch asks only the view again. Each drawn view records how long it took.
// At scale the village features are painted on one canvas (thousands of SVG elements made every move slow), the ones
// still in view are kept on a move (only their colours change), and a view no longer wanted has its request cancelled.
import { api } from './api.js';
import { escapeHtml } from './dom.js';
import { fmtInt, t } from './i18n.js';
import { STATUS_COLOUR } from './palette.js';
import { paddedView } from './map.js';
import { applyStatus, facilityClusterIcon, facilityFeatureLayer, settlementOptions } from './layers.js';

const L = window.L;
/** The view asked for reaches this share beyond each edge, so a small pan needs no new answer. */
const PAD = 0.25;
const ZOOM_STEP_ON_CLUSTER = 2;
/** Most recent timings kept on window.coverageApp.timings (the browser tests print them). */
const KEPT_TIMINGS = 50;

/** The map's view as the API's bbox (padded, clamped to the world) and zoom. */
function viewQuery(map) {
  return { bbox: paddedView(map, PAD).join(','), zoom: map.getZoom() };
}

/**
 * Keeps how long a drawn view took (kind: 'settlements' | 'facilities'): ms from the request to the layer on the map, of
 * which fetchMs until the answer was read (server, transfer, parse) and the rest drawing it.
 */
function recordTiming(kind, started, fetched, answer) {
  const app = (window.coverageApp ??= {});
  const timings = (app.timings ??= []);
  const done = performance.now();
  timings.push({ kind, ms: Math.round(done - started), fetchMs: Math.round(fetched - started), mode: answer.mode, zoom: answer.zoom });
  if (timings.length > KEPT_TIMINGS) timings.shift();
}

/**
 * One request at a time per layer: a newer view (pan, zoom, circle) cancels the older request still on its way, so the
 * server and the link serve only the view wanted now. load(query, signal) fetches, draw(answer) puts it on the map;
 * returns refresh() resolving when the newest view is drawn.
 */
function viewportLoader(map, kind, load, draw, onError) {
  let sequence = 0;
  let pending = null;
  return async function refresh() {
    const mine = ++sequence;
    pending?.abort();
    const controller = (pending = new AbortController());
    const started = performance.now();
    try {
      const answer = await load(viewQuery(map), controller.signal);
      if (mine !== sequence || !answer) return;
      const fetched = performance.now();
      draw(answer);
      recordTiming(kind, started, fetched, answer);
      map.fire(`${kind}drawn`, { answer });
    } catch (err) {
      if (mine === sequence) onError(err);
    } finally {
      if (pending === controller) pending = null;
    }
  };
}

/**
 * Settlements by viewport; the same { group, layers } as createSettlementLayer (layers: the features drawn now), plus
 * setCircle(id) (resolves when the view is drawn under that circle), onDrawn(fn) and last() (the answer drawn).
 */
export function createViewportSettlements(map, onSettlementClick, onError) {
  const layers = new Map();
  const renderer = L.canvas({ padding: PAD });
  // The canvas is made now, not on the first view with village features: sizing it was a tenth of the first zoom in.
  map.addLayer(renderer);
  const options = settlementOptions(layers, onSettlementClick, renderer);
  const group = L.featureGroup().addTo(map);
  const clusters = L.layerGroup().addTo(map);
  const state = { circle: null, answer: null, drawn: [] };
  const draw = (answer) => {
    state.answer = answer;
    clusters.clearLayers();
    if (answer.mode === 'features') keepFeatures(answer.features, group, layers, options);
    else {
      group.clearLayers();
      layers.clear();
      for (const c of answer.clusters) settlementClusterMarker(map, c).addTo(clusters);
    }
    map.getContainer().dataset.settlementView = answer.mode;
    for (const fn of state.drawn) fn(answer);
  };
  const load = (q, signal) => api.mapSettlements({ circle: state.circle, ...q }, signal);
  const refresh = viewportLoader(map, 'settlements', load, draw, onError);
  map.on('moveend', () => state.circle && refresh());
  return {
    group, layers, viewport: true,
    setCircle(id) {
      state.circle = id;
      return refresh();
    },
    onDrawn: (fn) => state.drawn.push(fn),
    last: () => state.answer,
  };
}

/**
 * Draws the view's features, keeping the ones already drawn (same id and geometry): they only take their row of this
 * answer (a new circle: a new status and colour); the ones out of view leave, the new ones are made.
 */
function keepFeatures(features, group, layers, options) {
  const wanted = new Map(features.features.map((f) => [f.properties.id, f]));
  for (const [id, layer] of layers) {
    const f = wanted.get(id);
    if (f && sameGeometry(layer.feature, f)) continue;
    group.removeLayer(layer);
    layers.delete(id);
  }
  const kept = new Set(layers.keys());
  const fresh = features.features.filter((f) => !kept.has(f.properties.id));
  L.geoJSON({ type: 'FeatureCollection', features: fresh }, options).eachLayer((l) => group.addLayer(l));
  for (const [id, layer] of layers) {
    const f = wanted.get(id);
    layer.feature = f;
    layer.baseProperties = f.properties;
    applyStatus(layer, id, f.properties.status ? f : undefined);
  }
}

/**
 * The layer's feature was drawn from the same geometry (a plan edit may move a settlement under the same id): the same type
 * and coordinates, compared in place (a JSON text of each of 2,000 kept villages on every move cost more than drawing them).
 */
function sameGeometry(drawn, f) {
  const a = drawn.geometry;
  const b = f.geometry;
  if (a === b) return true;
  if (a?.type !== b?.type) return false;
  return a.type === 'GeometryCollection' ? JSON.stringify(a) === JSON.stringify(b) : sameCoordinates(a.coordinates, b.coordinates);
}

/** Nested coordinate arrays equal number for number. */
function sameCoordinates(a, b) {
  if (!Array.isArray(a) || !Array.isArray(b)) return a === b;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameCoordinates(a[i], b[i])) return false;
  return true;
}

/** A cluster of places: its count inside a ring split by status; a click zooms in on it. */
function settlementClusterMarker(map, c) {
  const size = c.count < 100 ? 34 : c.count < 1000 ? 40 : 48;
  const ring = statusRing(c);
  const marker = L.marker([c.lat, c.lon], {
    keyboard: true,
    title: t('settlementClusterLabel', { n: fmtInt(c.count), covered: fmtInt(c.covered), partly: fmtInt(c.partly), uncovered: fmtInt(c.uncovered) }),
    icon: L.divIcon({
      className: 'settlement-cluster',
      html: `<span class="ring" style="background:${ring}" data-count="${c.count}" data-covered="${c.covered}" data-partly="${c.partly}" ` +
        `data-uncovered="${c.uncovered}" aria-hidden="true"><span class="count">${escapeHtml(shortCount(c.count))}</span></span>`,
      iconSize: [size, size],
    }),
  });
  marker.on('click', () => map.setView([c.lat, c.lon], Math.min(map.getMaxZoom(), map.getZoom() + ZOOM_STEP_ON_CLUSTER)));
  return marker;
}

/** The ring's conic gradient: covered, partly and uncovered arcs in the status colours, in proportion. */
function statusRing(c) {
  const total = Math.max(1, c.covered + c.partly + c.uncovered);
  const a = (c.covered / total) * 360;
  const b = a + (c.partly / total) * 360;
  return `conic-gradient(${STATUS_COLOUR.covered} 0deg ${a}deg, ${STATUS_COLOUR.partly} ${a}deg ${b}deg, ${STATUS_COLOUR.uncovered} ${b}deg 360deg)`;
}

const shortCount = (n) => (n >= 10000 ? `${Math.round(n / 1000)}k` : String(n));

/**
 * Facilities by viewport with the same setVisible / show / visible as createFacilityLayers: only the shown categories are
 * asked for; none shown, nothing is asked.
 */
export function createViewportFacilities(map, categories, onFacilityClick, onError) {
  const byId = new Map(categories.map((c, i) => [c.id, { category: c, index: i }]));
  const group = L.layerGroup().addTo(map);
  const shown = new Set();
  const draw = (answer) => {
    group.clearLayers();
    if (answer.mode === 'features') {
      for (const f of answer.features.features) {
        const entry = byId.get(f.properties.category) || { category: { id: f.properties.category, colour: '#555' }, index: categories.length };
        facilityFeatureLayer(f, entry, onFacilityClick).addTo(group);
      }
    } else {
      for (const c of answer.clusters) {
        L.marker([c.lat, c.lon], { icon: facilityClusterIcon(c.count), keyboard: true, title: t('clusterLabel', { n: c.count }) })
          .on('click', () => map.setView([c.lat, c.lon], Math.min(map.getMaxZoom(), map.getZoom() + ZOOM_STEP_ON_CLUSTER)))
          .addTo(group);
      }
    }
    map.getContainer().dataset.facilityView = answer.mode;
  };
  const load = (q, signal) => (shown.size
    ? api.mapFacilities({ category: [...shown].join(','), ...q }, signal)
    : Promise.resolve({ mode: 'features', features: { features: [] }, zoom: q.zoom }));
  const refresh = viewportLoader(map, 'facilities', load, draw, onError);
  map.on('moveend', refresh);
  return {
    setVisible(id, on) {
      if (shown.has(id) === on) return;
      on ? shown.add(id) : shown.delete(id);
      refresh();
    },
    show(ids) {
      shown.clear();
      for (const id of ids) shown.add(id);
      return refresh();
    },
    visible: () => [...shown],
  };
}

/** The name search of a large region: asks the server (the page does not hold every name); onHits(places) as the panel lists them. */
export function bindRemoteSearch(input, onHits, onError) {
  let sequence = 0;
  input.addEventListener('input', async () => {
    const mine = ++sequence;
    const q = input.value.trim();
    try {
      const hits = q ? await api.mapSearch(q) : [];
      if (mine === sequence) onHits(hits);
    } catch (err) {
      if (mine === sequence) onError(err);
    }
  });
}
