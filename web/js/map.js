// The Leaflet map and its basemap: configured tiles, or the project's own walking network when offline.
import { api } from './api.js';
import { escapeHtml } from './dom.js';
import { t } from './i18n.js';

const L = window.L;

// Offline basemap styles per network line kind; water kinds are drawn if the server sends them.
const LINE_STYLE = {
  way: { color: '#8c8c8c', weight: 1.4 },
  bridge: { color: '#5b4636', weight: 2.6 },
  steps: { color: '#8c8c8c', weight: 1.4, dashArray: '2 3' },
  ferry: { color: '#2f7fc1', weight: 2, dashArray: '6 4' },
  water: { color: '#9cc7ee', weight: 4, fillColor: '#cfe3f5', fillOpacity: 0.8 },
  canal: { color: '#9cc7ee', weight: 4 },
  river: { color: '#9cc7ee', weight: 5 },
};
const TILE_FAILURES_BEFORE_OFFLINE = 2;
/** A large region's basemap is read for the view reaching this share beyond each edge, so a small pan needs no new answer. */
const VIEW_PAD = 0.25;
/** At most this many roads in one view of a large region (a province's overview holds ~1 M): the longest, as the server keeps them. */
const VIEW_MAX_LINES = 20_000;
/** How long a large region's basemap waits for the view's villages before it is asked for anyway. */
const VILLAGES_FIRST_MS = 1_500;

/** Creates the map fitted to the region; exposes it as window.map for the browser tests. */
export function createMap(element, region) {
  // Quarter zoom steps let a county fill the screen instead of snapping a whole level out.
  // maxZoom: the offline basemap has no tile layer to give one, and clustering needs it.
  const map = L.map(element, { zoomControl: true, attributionControl: true, zoomSnap: 0.25, zoomDelta: 0.5, maxZoom: 19 });
  fitRegion(map, region);
  keepRegionFitted(map, region);
  L.control.scale({ metric: true, imperial: false, maxWidth: 120 }).addTo(map);
  labelMapControls(map);
  map.attributionControl.setPrefix(false);
  if (region.synthetic && !(region.attribution || '').includes('合成数据')) map.attributionControl.addAttribution(t('attrSynthetic'));
  if (region.attribution) map.attributionControl.addAttribution(escapeHtml(region.attribution));
  if (!/OpenStreetMap/i.test(region.attribution || '')) map.attributionControl.addAttribution(t('attrOsm'));
  map.createPane('isochrones').style.zIndex = 350;
  window.map = map;
  return map;
}

/** Fits the whole region in the map view (the county on first view, on a phone too), above `bottom` px the phone's sheet covers. */
export function fitRegion(map, region, bottom = 0) {
  const [w, s, e, n] = region.bbox;
  map.fitBounds([[s, w], [n, e]], { paddingTopLeft: [12, 12], paddingBottomRight: [12, 12 + bottom], animate: false });
}

/** Maps whose view still follows the region (the reader has not moved them): what covers their bottom, and how to fit again. */
const following = new WeakMap();

// Until the view moves, a change of the map's size (print, a rotated screen) or of the part the phone's open sheet covers
// (coverMapBottom) fits the region again, into what is left in view. Any move but these fits ends it: the reader's drag, wheel,
// pinch or keys, a village opened from the list, a view restored from a link. A click or a Tab through the map moves nothing
// and ends nothing (a keyboard reader tabbing past the map to the sheet kept the region behind the open sheet).
function keepRegionFitted(map, region) {
  let fitting = false;
  const state = {
    bottom: 0,
    refit: () => {
      fitting = true;
      try {
        fitRegion(map, region, state.bottom);
      } finally {
        fitting = false;
      }
    },
  };
  const moved = () => fitting || stop();
  function stop() {
    map.off('resize', state.refit);
    map.off('movestart', moved);
    following.delete(map);
  }
  following.set(map, state);
  map.on('resize', state.refit);
  map.on('movestart', moved);
}

/**
 * The phone's sheet now covers `px` at the bottom of the map (0 when it is closed to its peek): a view that still shows the
 * whole region is fitted into the strip left above it, rather than left centred behind the sheet. A view the reader moved stays.
 */
export function coverMapBottom(map, px) {
  const state = following.get(map);
  const bottom = Math.max(0, Math.min(px, map.getSize().y - 80));
  if (!state || state.bottom === bottom) return;
  state.bottom = bottom;
  state.refit();
}

// Leaflet's zoom buttons carry English titles only; name them in the page's language and let the map itself be focusable.
function labelMapControls(map) {
  const container = map.getContainer();
  const zoomIn = container.querySelector('.leaflet-control-zoom-in');
  const zoomOut = container.querySelector('.leaflet-control-zoom-out');
  zoomIn?.setAttribute('aria-label', t('zoomIn'));
  zoomIn?.setAttribute('title', t('zoomIn'));
  zoomOut?.setAttribute('aria-label', t('zoomOut'));
  zoomOut?.setAttribute('title', t('zoomOut'));
}

/** Re-labels the map's own controls after a language change. */
export const relabelMapControls = labelMapControls;

/**
 * Tiles when config gives a URL and they load; otherwise roads and water from /api/network/lines: the region's whole network
 * for a county, the view's for a large region read by viewport (a province's network is ~1 M lines).
 */
export function addBasemap(map, region, config, onError, viewport = false) {
  const element = map.getContainer();
  const offline = () => (viewport ? drawNetworkByViewport(map, onError) : drawNetwork(map, region).catch(onError));
  if (!config?.tileUrl) return offline();

  element.dataset.basemap = 'tiles';
  const tiles = L.tileLayer(config.tileUrl, { attribution: config.tileAttribution || '', maxZoom: 19, crossOrigin: true });
  let failures = 0;
  let loaded = 0;
  tiles.on('tileload', () => loaded++);
  tiles.on('tileerror', () => {
    if (++failures >= TILE_FAILURES_BEFORE_OFFLINE && loaded === 0) {
      map.removeLayer(tiles);
      offline();
    }
  });
  tiles.addTo(map);
  return Promise.resolve();
}

async function drawNetwork(map, region) {
  const element = map.getContainer();
  if (element.dataset.basemap === 'network') return;
  element.dataset.basemap = 'network';
  const lines = await api.networkLines(region.bbox);
  networkLayer(lines, basemapRenderer(map)).addTo(map).bringToBack();
  element.dataset.networkLines = String(lines.features.length);
}

/**
 * A large region's offline basemap: the padded view's network, asked again when the map stops moving (an older answer
 * still on its way is cancelled), drawn in place of the last view's. data-network-bbox names the box the lines drawn were
 * asked for, data-network-lines how many.
 */
function drawNetworkByViewport(map, onError) {
  const element = map.getContainer();
  if (element.dataset.basemap === 'network') return Promise.resolve();
  element.dataset.basemap = 'network';
  const renderer = basemapRenderer(map);
  let layer = null;
  let pending = null;
  const refresh = async () => {
    pending?.abort();
    const controller = (pending = new AbortController());
    const bbox = paddedView(map);
    try {
      const lines = await api.networkLines(bbox, VIEW_MAX_LINES, controller.signal);
      if (controller.signal.aborted || !lines) return;
      const next = networkLayer(lines, renderer).addTo(map).bringToBack();
      if (layer) map.removeLayer(layer);
      layer = next;
      (window.coverageApp ??= {}).networkLayer = layer; // the browser tests read the lines drawn
      element.dataset.networkBbox = bbox.join(',');
      element.dataset.networkLines = String(lines.features.length);
      map.fire('networkdrawn', { bbox, lines });
    } catch (err) {
      if (!controller.signal.aborted) onError(err);
    } finally {
      if (pending === controller) pending = null;
    }
  };
  map.on('moveend', () => afterVillages(map).then(refresh));
  return refresh();
}

/**
 * Resolves once the view's villages are drawn (or after VILLAGES_FIRST_MS if they never are): the basemap's request and
 * drawing wait behind them, so a move shows the villages as soon as it would without the roads.
 */
function afterVillages(map) {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      map.off('settlementsdrawn', done);
      resolve();
    };
    const timer = setTimeout(done, VILLAGES_FIRST_MS);
    map.on('settlementsdrawn', done);
  });
}

/** The map's view padded by pad (a share beyond each edge), clamped to the world, as [west, south, east, north] (6 decimals). */
export function paddedView(map, pad = VIEW_PAD) {
  const b = map.getBounds().pad(pad);
  const lon = (v) => Math.max(-180, Math.min(180, v));
  const lat = (v) => Math.max(-85, Math.min(85, v));
  return [lon(b.getWest()), lat(b.getSouth()), lon(b.getEast()), lat(b.getNorth())].map((v) => Number(v.toFixed(6)));
}

/**
 * The basemap's canvas, in a pane of its own under the overlays: the roads lie below the villages' canvas and never catch
 * their clicks, whichever canvas is made first.
 */
function basemapRenderer(map) {
  const pane = map.getPane('basemap') || map.createPane('basemap');
  pane.style.zIndex = 250;
  pane.style.pointerEvents = 'none';
  return L.canvas({ padding: 0.5, pane: 'basemap' });
}

/** The answer's lines as one canvas layer of a few merged features, styled by kind and not clickable. */
function networkLayer(lines, renderer) {
  return L.geoJSON(mergedByKind(lines.features), {
    renderer,
    interactive: false,
    style: (f) => ({ opacity: 0.9, ...(LINE_STYLE[f.properties?.kind] || LINE_STYLE.way) }),
  });
}

/**
 * The basemap's features as one multi-geometry per kind and shape (lines, areas): a few layers for Leaflet to project on
 * every zoom instead of one per road (a county has thousands), drawn the same on the one canvas.
 */
function mergedByKind(features) {
  const groups = new Map();
  for (const f of features) {
    const g = f.geometry;
    if (!g) continue;
    const area = g.type === 'Polygon' || g.type === 'MultiPolygon';
    const key = `${f.properties?.kind ?? 'way'}|${area}`;
    if (!groups.has(key)) groups.set(key, { kind: f.properties?.kind ?? 'way', area, parts: [] });
    const parts = groups.get(key).parts;
    if (g.type === 'LineString' || g.type === 'Polygon') parts.push(g.coordinates);
    else if (g.type === 'MultiLineString' || g.type === 'MultiPolygon') parts.push(...g.coordinates);
  }
  return [...groups.values()].map(({ kind, area, parts }) => ({
    type: 'Feature',
    properties: { kind },
    geometry: { type: area ? 'MultiPolygon' : 'MultiLineString', coordinates: parts },
  }));
}
