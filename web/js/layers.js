// Map layers: facilities per category, settlements coloured by coverage, isochrone bands.
import { escapeHtml, toggleAttribute } from './dom.js';
import { fmtInt, nameOf, t } from './i18n.js';
import { iconSvg } from './icons.js';
import { NO_STATUS_COLOUR, STATUS_COLOUR } from './palette.js';

const L = window.L;

// Village areas stay see-through so the roads and markers under them remain readable.
const AREA_OPACITY = 0.3;
const BAND_COLOUR = { 5: '#08519c', 10: '#3182bd', 15: '#9ecae1' };
// Point facilities are gathered into counted clusters below this zoom (a county view); closer in each shows alone.
const CLUSTER_UNTIL_ZOOM = 15;

/**
 * Facilities per category: points in one clustering layer (a cluster counts its facilities), trails as lines.
 * Every category starts hidden; show(ids) shows exactly those, setVisible(id, on) one more or fewer.
 */
export function createFacilityLayers(map, categories, facilities, onFacilityClick) {
  const byId = new Map(categories.map((c, i) => [c.id, { category: c, index: i }]));
  const clusters = L.markerClusterGroup({
    disableClusteringAtZoom: CLUSTER_UNTIL_ZOOM, maxClusterRadius: 48, showCoverageOnHover: false,
    spiderfyOnMaxZoom: false, chunkedLoading: true, iconCreateFunction: (cluster) => facilityClusterIcon(cluster.getChildCount()),
  }).addTo(map);
  const groups = new Map();
  for (const feature of facilities.features) {
    const p = feature.properties;
    const entry = byId.get(p.category) || { category: { id: p.category, colour: '#555' }, index: categories.length };
    if (!groups.has(p.category)) groups.set(p.category, { points: [], trails: L.layerGroup(), visible: false });
    const layer = facilityFeatureLayer(feature, entry, onFacilityClick);
    const group = groups.get(p.category);
    feature.geometry.type === 'Point' ? group.points.push(layer) : group.trails.addLayer(layer);
  }

  function setVisible(id, on) {
    const group = groups.get(id);
    if (!group || group.visible === on) return;
    group.visible = on;
    on ? clusters.addLayers(group.points) : clusters.removeLayers(group.points);
    on ? map.addLayer(group.trails) : map.removeLayer(group.trails);
  }

  return {
    setVisible,
    show(ids) {
      const wanted = new Set(ids);
      for (const id of groups.keys()) setVisible(id, wanted.has(id));
    },
    visible: () => [...groups].filter(([, g]) => g.visible).map(([id]) => id),
  };
}

/** A facility drawn as today: its category's icon or line, its name as a tooltip, a click calls onClick(feature). */
export function facilityFeatureLayer(feature, entry, onClick) {
  const p = feature.properties;
  const layer = facilityLayer(feature, entry);
  layer.on('click', () => onClick(feature));
  layer.on('add', () => tagElements(layer, p.id));
  layer.bindTooltip(() => escapeHtml(p.name || p.id));
  return layer;
}

/** A cluster of n facilities: its count, neutral grey (the status colours stay for villages), named for screen readers. */
export function facilityClusterIcon(n) {
  const size = n < 10 ? 30 : n < 100 ? 36 : 42;
  return L.divIcon({
    className: 'facility-cluster',
    html: `<span data-count="${n}" aria-hidden="true">${n}</span><span class="sr-only">${escapeHtml(t('clusterLabel', { n }))}</span>`,
    iconSize: [size, size],
  });
}

/** The category ids a circle counts ("clinic/station" counts a kind of clinic: its category is shown). */
export const circleCategories = (circle) => [...new Set((circle?.categories || []).map((c) => c.split('/')[0]))];

// data-id on the marker or path lets a reader (and the browser tests) find a facility in the DOM.
function tagElements(layer, id) {
  const layers = layer.getLayers ? layer.getLayers() : [layer];
  for (const l of layers) l.getElement?.()?.setAttribute('data-id', id);
}

function facilityLayer(feature, { category, index }) {
  const planned = feature.properties.status && feature.properties.status !== 'existing';
  const g = feature.geometry;
  if (g.type === 'Point') {
    const [lon, lat] = g.coordinates;
    return L.marker([lat, lon], {
      icon: facilityIcon(category, index, planned),
      keyboard: true,
      title: feature.properties.name || '',
      alt: feature.properties.name || '',
    });
  }
  // Trails (lines) and any area facility: the category colour, trails dashed to read as paths.
  return L.geoJSON(g, {
    style: { color: category.colour, weight: 5, opacity: planned ? 0.55 : 0.9, dashArray: '10 6', className: `facility-trail facility-${category.id}` },
  });
}

export function facilityIcon(category, index, planned = false, extraClass = '') {
  return L.divIcon({
    className: `facility-marker facility-${category.id}${planned ? ' facility-planned' : ''} ${extraClass}`.trim(),
    html: iconSvg(category, index),
    iconSize: [24, 24],
    iconAnchor: [12, 12],
  });
}

/** Settlements as circles (points) or areas (polygons); colours follow setCoverage; a click calls onSettlementClick(feature). */
export function createSettlementLayer(map, settlements, onSettlementClick) {
  const layers = new Map();
  const group = L.geoJSON(settlements, settlementOptions(layers, onSettlementClick)).addTo(map);
  return { group, layers };
}

/**
 * L.geoJSON options drawing settlements (dots or areas), each registered in layers by id. renderer: where they are drawn
 * (default the map's SVG, whose elements carry data-id and data-status; a large region's view passes one L.canvas).
 */
export function settlementOptions(layers, onSettlementClick, renderer = undefined) {
  const drawnOn = renderer ? { renderer } : {};
  return {
    ...drawnOn,
    pointToLayer: (f, latlng) =>
      L.circleMarker(latlng, { ...drawnOn, radius: radiusFor(f.properties.population), fillOpacity: 0.85, className: 'settlement settlement-dot' }),
    style: () => ({ color: '#fff', weight: 1, fillColor: NO_STATUS_COLOUR, fillOpacity: AREA_OPACITY, className: 'settlement settlement-area' }),
    onEachFeature: (f, layer) => {
      layers.set(f.properties.id, layer);
      layer.feature = f;
      layer.on('click', () => onSettlementClick(layer.feature));
    },
  };
}

const outline = (layer, status) =>
  layer instanceof L.CircleMarker ? { color: '#fff', weight: 1 } : { color: STATUS_COLOUR[status] || NO_STATUS_COLOUR, weight: 1.5 };

const radiusFor = (population) => Math.min(14, 4 + Math.sqrt(population || 0) / 6);

/** Recolours settlements from a coverage FeatureCollection (status per settlement id). */
export function setCoverage(settlementLayer, coverageSettlements) {
  const byId = new Map(coverageSettlements.features.map((f) => [f.properties.id, f]));
  for (const [id, layer] of settlementLayer.layers) applyStatus(layer, id, byId.get(id));
}

/** Colours one settlement by its coverage row f (a Feature with status; none: grey) and tags its element for readers and tests. */
export function applyStatus(layer, id, f) {
  const status = f?.properties.status;
  layer.baseProperties ??= layer.feature.properties;
  const properties = f ? { ...layer.baseProperties, ...f.properties } : layer.baseProperties;
  layer.feature = { ...layer.feature, properties };
  layer.setStyle({ fillColor: STATUS_COLOUR[status] || NO_STATUS_COLOUR, ...outline(layer, status) });
  const el = layer.getElement?.();
  if (el) {
    el.setAttribute('data-status', status || 'none');
    el.setAttribute('data-id', id);
    el.removeAttribute('data-newly-covered');
    // The two levels the summary counts: top-level villages (行政村/社区) and places scored on their own (居民点).
    toggleAttribute(el, 'data-village', f && f.properties.parentId == null);
    toggleAttribute(el, 'data-place', f && !f.properties.naturalVillages);
  }
}


/** Outlines the settlements a what-if newly covers; an empty list clears the outline. */
export function highlightSettlements(settlementLayer, ids) {
  const wanted = new Set(ids);
  for (const [id, layer] of settlementLayer.layers) {
    const on = wanted.has(id);
    layer.setStyle(on ? { color: '#ffd400', weight: 4 } : outline(layer, layer.feature.properties.status));
    const el = layer.getElement?.();
    if (el) on ? el.setAttribute('data-newly-covered', 'true') : el.removeAttribute('data-newly-covered');
    if (on) layer.bringToFront();
  }
}

/** Draws isochrone bands (rings) under the markers; returns the layer. */
export function createIsochroneLayer(map, bands, facility) {
  const layer = L.geoJSON(bands, {
    pane: 'isochrones',
    style: (f) => ({
      color: BAND_COLOUR[f.properties.minutes] || '#6baed6',
      weight: 1,
      fillColor: BAND_COLOUR[f.properties.minutes] || '#6baed6',
      fillOpacity: 0.3,
      className: `isochrone-band isochrone-${f.properties.minutes}`,
    }),
    onEachFeature: (f, l) => l.bindTooltip(() => bandText(f.properties), { sticky: true }),
  }).addTo(map);
  layer.facility = facility;
  return layer;
}

export const bandText = (p) =>
  t('isoBand', { from: p.fromMinutes ?? 0, to: p.minutes, population: fmtInt(p.population), settlements: p.settlements ?? 0 });

export const categoryName = (categories, id) => nameOf(categories.find((c) => c.id === id)) || id;
