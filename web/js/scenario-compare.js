// What two plans differ by, as the server counted it: the per-town table of villages, places and people gained and lost,
// scenario names in the page's language, and the map outlines (gained blue, lost orange and dashed) with their legend.
import { fmtInt, nameOf, t, textOf, textsOf } from './i18n.js';
import { escapeHtml } from './dom.js';
import { signed } from './planner.js';

const L = window.L;
const MAX_NAMES = 12;

/** The reserved id of the plan as it is (docs/API.md: compare). */
export const CURRENT = 'current';
/** Okabe–Ito blue and orange, told apart with every common colour-vision deficiency; lost is dashed too. */
export const SHIFT_STYLE = {
  gained: { color: '#0072B2', weight: 4, dashArray: null },
  lost: { color: '#E69F00', weight: 4, dashArray: '6 4' },
};

/** A scenario's name in the page's language: the plan as it is, a generated default (拟建方案 / Proposal), or the planner's own. */
export function scenarioName(ref) {
  if (!ref) return '';
  if (ref.current || ref.id === CURRENT) return t('currentPlan');
  return textsOf('scenarioDefault').includes(ref.name) ? t('scenarioDefault') : ref.name;
}

/** Outlines the settlements gained and lost (by id, as drawn in settlementLayer) into overlay. */
export function outlineShifts(overlay, settlementLayer, gained, lost) {
  for (const [shift, ids] of [['gained', gained], ['lost', lost]])
    for (const id of ids) outlineOf(settlementLayer, id, shift)?.addTo(overlay);
}

function outlineOf(settlementLayer, id, shift) {
  const feature = settlementLayer.layers.get(id)?.feature;
  if (!feature) return null;
  const style = { ...SHIFT_STYLE[shift], fill: false, opacity: 1, interactive: false, className: `scenario-shift shift-${shift}` };
  const layer = L.geoJSON(feature.geometry, { style, pointToLayer: (_, latlng) => L.circleMarker(latlng, { ...style, radius: 11 }) });
  layer.on('add', () => layer.eachLayer((l) => {
    const el = l.getElement?.();
    if (el) Object.assign(el.dataset, { id, shift });
  }));
  return layer;
}

export function legendHtml(gained, lost) {
  return `<ul class="legend shift-legend">
    <li><span class="swatch outline" style="border-color:${SHIFT_STYLE.gained.color}"></span>${escapeHtml(gained)}</li>
    <li><span class="swatch outline dashed" style="border-color:${SHIFT_STYLE.lost.color}"></span>${escapeHtml(lost)}</li></ul>`;
}

/** The comparison answer (one circle) as the panel shows it: county and towns, gained / lost, units, names, legend. */
export function comparisonHtml(result) {
  const circle = result.circles[0];
  if (!circle) return `<p class="hint" id="scenario-compare">${escapeHtml(t('compareNone'))}</p>`;
  const unit = textOf(circle.demandUnit);
  const elderly = circle.demand !== 'population';
  const head = [t('compareArea'), t('compareVillages'), t('comparePlaces'), t('comparePeople'), ...(elderly ? [t('compareDemand', { unit })] : [])];
  const county = circle.county;
  return `<div id="scenario-compare" class="scenario-compare" aria-live="polite">
    <div class="table-scroll"><table class="scenario-table">
      <caption>${escapeHtml(t('compareCaption', { b: scenarioName(result.b), a: scenarioName(result.a), circle: nameOf(circle.circle) }))}</caption>
      <thead><tr>${head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead>
      <tbody>${areaRow(county, t('county'), elderly, true)}${circle.towns.map((a) => areaRow(a, a.name, elderly, false)).join('')}</tbody></table></div>
    <p class="source">${escapeHtml(t('compareUnits', { unit }))}</p>
    <p class="compare-net">${escapeHtml(elderly ? t('compareNetDemand', { n: signed(county.population), d: signed(county.demand), unit })
      : t('compareNet', { n: signed(county.population) }))}</p>
    ${namesHtml('compareGainedList', circle.gained)}${namesHtml('compareLostList', circle.lost)}
    ${legendHtml(t('legendGained', { name: scenarioName(result.b) }), t('legendLost', { name: scenarioName(result.b) }))}
    <button type="button" class="secondary" data-action="close-compare">${escapeHtml(t('compareClose'))}</button></div>`;
}

/** One area's row; data-* carry the server's figures as sent. */
function areaRow(area, label, elderly, county) {
  const { gained, lost } = area;
  const changed = gained.villages + lost.villages + gained.places + lost.places + gained.population + lost.population > 0;
  return `<tr data-area="${escapeHtml(area.name)}" class="${county ? 'county' : ''}${changed ? '' : ' unchanged'}"
      data-villages-gained="${gained.villages}" data-villages-lost="${lost.villages}" data-places-gained="${gained.places}"
      data-places-lost="${lost.places}" data-people-gained="${gained.population}" data-people-lost="${lost.population}">
      <th scope="row">${escapeHtml(label)}</th><td>${pair(gained.villages, lost.villages)}</td><td>${pair(gained.places, lost.places)}</td>
      <td>${pair(gained.population, lost.population)}</td>${elderly ? `<td>${pair(gained.demand, lost.demand)}</td>` : ''}</tr>`;
}

/** "+gained / −lost", each a server figure. */
const pair = (gained, lost) => `<span class="gained">+${fmtInt(gained)}</span> / <span class="lost">−${fmtInt(lost)}</span>`;

function namesHtml(key, rows) {
  const places = rows.filter((r) => r.place);
  if (!places.length) return '';
  const names = places.slice(0, MAX_NAMES).map((r) => (r.village ? `${r.name}（${r.village}）` : r.name)).join('、');
  return `<p class="source">${escapeHtml(t(key, { n: places.length, list: names + (places.length > MAX_NAMES ? '…' : '') }))}</p>`;
}
