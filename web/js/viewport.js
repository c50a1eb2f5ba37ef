// A large region's map (docs/API.md, /api/map/*): settlements and facilities read by viewport instead of all at once.
// Few in view: every feature, drawn and coloured exactly as on a county's page. Many: the server's grid clusters, each
// with its count; a settlement cluster is a ring split covered / partly / uncovered under the chosen circle (the circle
// result's own counts). The circle switch asks only the view again. Each drawn view records how long it took.
import { api } from './api.js';
import { escapeHtml } from './dom.js';
import { fmtInt, t } from './i18n.js';
import { STATUS_COLOUR } from './palette.js';
import { applyStatus, facilityClusterIcon, facilityFeatureLayer, settlementOptions } from './layers.js';

const L = window.L;
/** The view asked for reaches this share beyond each edge, so a small pan needs no new answer. */
const PAD = 0.25;
const ZOOM_STEP_ON_CLUSTER = 2;
/** Most recent timings kept on window.coverageApp.timings (the browser tests print them). */
const KEPT_TIMINGS = 50;

/** The map's view as the API's bbox (padded, clamped to the world) and zoom. */
function viewQuery(map) {
  const b = map.getBounds().pad(PAD);
  const lon = (v) => Math.max(-180, Math.min(180, v));
  const lat = (v) => Math.max(-85, Math.min(85, v));
  const bbox = [lon(b.getWest()), lat(b.getSouth()), lon(b.getEast()), lat(b.getNorth())].map((v) => v.toFixed(6)).join(',');
  return { bbox, zoom: map.getZoom() };
}

/** Keeps how long a drawn view took (kind: 'settlements' | 'facilities', from the request to the layer on the map). */
function recordTiming(kind, started, answer) {
  const app = (window.coverageApp ??= {});
  const timings = (app.timings ??= []);
  timings.push({ kind, ms: Math.round(performance.now() - started), mode: answer.mode, zoom: answer.zoom });
  if (timings.length > KEPT_TIMINGS) timings.shift();
}

/**
 * One request at a time per layer: a newer view (pan, zoom, circle) drops an older answer still on its way.
 * load(query) fetches, draw(answer) puts it on the map; returns refresh() resolving when the newest view is drawn.
 */
function viewportLoader(map, kind, load, draw, onError) {
  let sequence = 0;
  return async function refresh() {
    const mine = ++sequence;
    const started = performance.now();
    try {
      const answer = await load(viewQuery(map));
      if (mine !== sequence || !answer) return;
      draw(answer);
      recordTiming(kind, started, answer);
      map.fire(`${kind}drawn`, { answer });
    } catch (err) {
      if (mine === sequence) onError(err);
    }
  };
}

/**
 * Settlements by viewport; the same { group, layers } as createSettlementLayer (layers: the features drawn now), plus
 * setCircle(id) (resolves when the view is drawn under that circle), onDrawn(fn) and last() (the answer drawn).
 */
export function createViewportSettlements(map, onSettlementClick, onError) {
  const layers = new Map();
  const group = L.featureGroup().addTo(map);
  const clusters = L.layerGroup().addTo(map);
  const state = { circle: null, answer: null, drawn: [] };
  const draw = (answer) => {
    state.answer = answer;
    group.clearLayers();
    clusters.clearLayers();
    layers.clear();
    if (answer.mode === 'features') drawFeatures(answer.features, group, layers, onSettlementClick);
    else for (const c of answer.clusters) settlementClusterMarker(map, c).addTo(clusters);
    map.getContainer().dataset.settlementView = answer.mode;
    for (const fn of state.drawn) fn(answer);
  };
  const refresh = viewportLoader(map, 'settlements', (q) => api.mapSettlements({ circle: state.circle, ...q }), draw, onError);
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

function drawFeatures(features, group, layers, onSettlementClick) {
  L.geoJSON(features, settlementOptions(layers, onSettlementClick)).eachLayer((l) => group.addLayer(l));
  for (const [id, layer] of layers) applyStatus(layer, id, layer.feature.properties.status ? layer.feature : undefined);
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
  const load = (q) => (shown.size ? api.mapFacilities({ category: [...shown].join(','), ...q }) : Promise.resolve({ mode: 'features', features: { features: [] }, zoom: q.zoom }));
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
