// Entry point: loads the region and its seeds, builds the map and panel, and wires them together.
import { api, ApiError, getToken } from './api.js';
import { createCard } from './card.js';
import { $, isPhone } from './dom.js';
import { bindPrint, renderTitle } from './header.js';
import { applyStatic, getLang, onLangChange, setLang, t } from './i18n.js';
import { createVillageLabels } from './labels.js';
import { addBasemap, coverMapBottom, createMap, relabelMapControls } from './map.js';
import { bandText, circleCategories, createFacilityLayers, createIsochroneLayer, createSettlementLayer, setCoverage } from './layers.js';
import { createLegend } from './legend.js';
import { applyPalette } from './palette.js';
import { readView, restoreView, syncView } from './url.js';
import { createPanel } from './panel.js';
import { createSheet } from './sheet.js';
import { createPlanner } from './planner.js';
import { createHistory } from './history.js';
import { createIndicators } from './indicators.js';
import { createAnalysisLayers } from './analysis-layers.js';
import { createScenarios } from './scenarios.js';
import { createSiting } from './siting.js';
import { bindRemoteSearch, createViewportFacilities, createViewportSettlements } from './viewport.js';

// A large region's uncovered list: the places with most uncovered demand (the whole list has 100 k rows).
const UNCOVERED_SHOWN_AT_SCALE = 200;
const PLACE_ZOOM = 15;

const app = { circleId: null, coverage: null, isochrones: null, isoFacility: null, sequence: 0 };
window.coverageApp = app;

/** Shows an error (ApiError: its problem+json text in the current language) or a plain message. */
function notify(message) {
  const text = message instanceof ApiError ? message.userMessage() : message instanceof Error ? t('errorUnknown', { status: message.message }) : String(message);
  const item = document.createElement('div');
  item.className = `message ${message instanceof Error ? 'error' : 'info'}`;
  item.setAttribute('role', message instanceof Error ? 'alert' : 'status');
  item.innerHTML = '<p></p><button type="button" class="close"></button>';
  item.querySelector('p').textContent = text;
  const close = item.querySelector('button');
  close.textContent = '×';
  close.setAttribute('aria-label', t('close'));
  close.addEventListener('click', () => item.remove());
  $('#messages').append(item);
  if (!(message instanceof Error)) setTimeout(() => item.remove(), 5000);
}


async function start() {
  applyStatic();
  applyPalette();
  $('#lang-toggle').addEventListener('click', () => setLang(getLang() === 'zh' ? 'en' : 'zh'));
  const sheet = createSheet($('#sheet-handle'), (open) => {
    if (!window.map) return;
    window.map.invalidateSize();
    coverMapBottom(window.map, open ? sheetCover() : 0);
  });
  app.setDrawer = sheet.set;

  // A large region (a province: 100 k+ villages) is read by viewport; a county is loaded whole, as always.
  const extent = api.mapExtent();
  const whole = (load) => extent.then((e) => (e.viewport ? null : load()));
  const [region, config, categories, circles, facilities, settlements, { viewport }] = await Promise.all([
    api.region(), api.config(), api.categories(), api.circles(), whole(api.facilities), whole(api.settlements), extent,
  ]);
  app.region = region;
  app.viewport = viewport;
  renderTitle(region);
  $('#circle-synthetic').hidden = !region.synthetic; // the standard, not the place, comes from the plan
  const map = createMap($('#map'), region);
  addBasemap(map, region, config, notify, viewport);
  bindPrint(map);

  const facilityLayers = viewport
    ? createViewportFacilities(map, categories, showIsochrones, notify)
    : createFacilityLayers(map, categories, facilities, showIsochrones);
  const legend = createLegend(map, categories, facilityLayers.setVisible);
  const onSettlement = (f) => map.getContainer().classList.contains('placing') || openCardFromMap(f.properties.id);
  const settlementLayer = viewport ? createViewportSettlements(map, onSettlement, notify) : createSettlementLayer(map, settlements, onSettlement);
  app.settlementLayer = settlementLayer;
  app.labels = createVillageLabels(map, settlementLayer);
  if (viewport) settlementLayer.onDrawn(() => app.labels.update());
  // A shared link's circle first, then the region's headline circle.
  const view = readView();
  const known = (id) => circles.some((c) => c.id === id);
  app.circleId = known(view.circle) ? view.circle : known(config.headlineCircle) ? config.headlineCircle : circles[0]?.id;

  const panel = createPanel($('#panel'), {
    onCircleChange: selectCircle,
    onLocate: (place) => {
      // At scale the page holds only the view's villages: go to the place first (search hits and uncovered rows carry it).
      if (viewport && Number.isFinite(place.lon)) map.setView([place.lat, place.lon], Math.max(map.getZoom(), PLACE_ZOOM));
      card.open(place.id, { fit: !viewport });
      if (isPhone()) setDrawer(false);
    },
  });
  panel.setCircles(circles, app.circleId);
  if (viewport) bindRemoteSearch($('#village-search'), (hits) => panel.setPlaces(hits), notify);
  else panel.setPlaces(settlements.features.map(({ properties: p }) => ({ id: p.id, name: p.name, town: p.town })));

  const planner = createPlanner({
    map, categories, settlementLayer, notify,
    getCircleId: () => app.circleId,
    onSignOut: () => { siting.clear(); scenarios.clear(); edits.clear(); },
    onSignIn: () => { scenarios.refresh(); edits.refresh(); },
    onSaved: () => scenarios.refresh(),
  });
  const scenarios = createScenarios({
    map, categories, settlementLayer, circles, notify,
    getCircleId: () => app.circleId,
    onUnauthorized: () => planner.signOut(),
  });
  const edits = createHistory({
    notify, onUnauthorized: () => planner.signOut(), onUndone: () => Promise.all([selectCircle(app.circleId), indicators.refresh()]),
  });
  const siting = createSiting({
    map, settlementLayer, notify,
    getCircleId: () => app.circleId,
    onUnauthorized: () => planner.signOut(),
    onSaved: () => scenarios.refresh(),
  });
  const indicators = createIndicators({ notify });
  const overlays = createAnalysisLayers({ map, settlementLayer, notify, getCircleId: () => app.circleId });
  app.overlays = overlays;
  $('#iso-clear').addEventListener('click', clearIsochrones);
  const card = createCard({
    map, settlementLayer, notify, element: $('#village-card'), getCircleId: () => app.circleId, onCircleSelect: selectCircle,
    onChange: () => updateHash?.(),
  });
  const updateHash = syncView(map, () => ({ circle: app.circleId, village: card.villageId }));

  /** A village tapped on the map: its card, with its town in view; on a phone the sheet opens at the card (the answer). */
  function openCardFromMap(id) {
    card.open(id, { fit: true });
    if (!isPhone()) return;
    setDrawer(true);
    $('#panel').scrollTop = 0;
  }

  async function selectCircle(id) {
    app.circleId = id;
    const mine = ++app.sequence;
    map.getContainer().setAttribute('aria-busy', 'true');
    try {
      const [coverage, uncovered] = viewport
        ? await Promise.all([api.coverage(id, { summary: true }), api.uncovered(id, UNCOVERED_SHOWN_AT_SCALE), settlementLayer.setCircle(id)])
        : await Promise.all([api.coverage(id), api.uncovered(id)]);
      if (mine !== app.sequence) return;
      app.coverage = coverage;
      if (!viewport) setCoverage(settlementLayer, coverage.settlements);
      showCircleFacilities(circles.find((c) => c.id === id), coverage.county.demandUnit);
      panel.setCircles(circles, id);
      panel.setCoverage(coverage, uncovered);
      app.overlays?.circleChanged();
      planner.suggestCategory(circles.find((c) => c.id === id));
      siting.clear();
      planner.circleChanged();
      scenarios.circleChanged();
      map.getContainer().dataset.circle = id;
      card.circleChanged();
      updateHash();
    } catch (err) {
      notify(err);
    } finally {
      if (mine === app.sequence) map.getContainer().removeAttribute('aria-busy');
    }
  }

  /** The circle's own facility categories on, the others off until ticked in the legend. */
  function showCircleFacilities(circle, unit) {
    const ids = circleCategories(circle);
    facilityLayers.show(ids);
    legend.setCircle(circle, unit, ids);
  }

  async function showIsochrones(facility) {
    try {
      const bands = await api.isochrones(facility.properties.id);
      clearIsochrones();
      app.isochrones = createIsochroneLayer(map, bands, facility);
      app.isoFacility = facility;
      renderIsoInfo();
    } catch (err) {
      notify(err);
    }
  }

  function clearIsochrones() {
    if (app.isochrones) map.removeLayer(app.isochrones);
    app.isochrones = app.isoFacility = null;
    renderIsoInfo();
  }

  function renderIsoInfo() {
    const box = $('#isochrone-info');
    box.hidden = !app.isochrones;
    if (!app.isochrones) return;
    $('#iso-facility').textContent = app.isoFacility.properties.name || app.isoFacility.properties.id;
    const list = $('#iso-bands');
    list.replaceChildren(...app.isochrones.getLayers().map((l) => {
      const li = document.createElement('li');
      li.textContent = bandText(l.feature.properties);
      return li;
    }));
  }

  onLangChange(() => {
    renderTitle(region);
    relabelMapControls(map);
    legend.render();
    sheet.render();
    panel.renderAll();
    planner.render();
    siting.render();
    scenarios.render();
    edits.render();
    indicators.render();
    overlays.render();
    renderIsoInfo();
    card.render();
  });
  await Promise.all([selectCircle(app.circleId), indicators.refresh()]);
  if (getToken()) await Promise.all([scenarios.refresh(), edits.refresh()]);
  const restored = restoreView(map, view);
  if (view.village && settlementLayer.layers.has(view.village)) card.open(view.village, { fit: !restored });
  document.body.dataset.ready = 'true';
}

/**
 * Pixels at the bottom of the map the open sheet covers (phone): its height less the peek's band under the map, measured from
 * the layout (not the sheet's animated position), so it holds while the sheet slides open.
 */
function sheetCover() {
  const map = $('#map').getBoundingClientRect();
  const layout = document.querySelector('.layout').getBoundingClientRect();
  return Math.max(0, $('#panel').offsetHeight - (layout.bottom - map.bottom));
}

/** Opens or closes the panel's bottom sheet (phone). */
function setDrawer(open) {
  app.setDrawer?.(open);
}

start().catch((err) => {
  notify(err);
  document.body.dataset.ready = 'error'; document.body.dataset.debug = String(err && err.stack);
});
