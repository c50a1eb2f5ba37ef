// Analysis overlays on the map: the 15-minute life-circle units (GET /api/life-circles: unit polygons, blue when every member
// reaches the centre within 15 minutes, red when not) and service capacity per settlement for the chosen circle (GET
// /api/accessibility, 2SFCA: capacity per 1,000 of the circle's demand, five classes). The figures are the server's.
import { api } from './api.js';
import { fmtNum, getLang, t } from './i18n.js';
import { $, escapeHtml } from './dom.js';
import { bindPanel, groupingPanel, groupingState, lifeLayer, refreshSaved } from './life-groupings.js';

const RAMP = ['#fee5d9', '#fcae91', '#fb6a4a', '#de2d26', '#a50f15'];
const num = (v, digits = 1) => fmtNum(v ?? 0, digits);
const unitText = (u) => (u ? (getLang() === 'en' ? u.en : u.zh) : '');

/** ctx: { map, settlementLayer, notify(error), getCircleId() }. */
export function createAnalysisLayers(ctx) {
  const view = { ctx, kind: 'none', layer: null, data: null, sequence: 0 };
  // The life-circle overlay after an edit or a load: its layer drawn anew from the grouping, and the panel.
  view.redraw = () => {
    if (view.kind !== 'life-circles' || !view.grouping) return;
    view.layer?.remove();
    view.layer = lifeLayer(view, unitStyle, unitTip).addTo(view.ctx.map);
    render(view);
  };
  const select = $('#analysis-layer');
  select.addEventListener('change', () => show(view, select.value));
  return {
    render: () => render(view),
    /** The circle changed: the capacity overlay follows it. */
    circleChanged: () => (view.kind === 'capacity' ? show(view, 'capacity') : undefined),
  };
}

async function show(view, kind) {
  const sequence = ++view.sequence;
  view.kind = kind;
  clear(view);
  if (kind === 'none') return render(view);
  $('#analysis-info').textContent = t('analysisLoading');
  try {
    const data = kind === 'life-circles' ? await api.lifeCircles() : await api.accessibility(view.ctx.getCircleId());
    if (sequence !== view.sequence) return;
    view.data = data;
    if (kind === 'life-circles') {
      view.grouping = groupingState(data);
      await refreshSaved(view);
      if (sequence !== view.sequence) return;
    }
    view.layer = kind === 'life-circles' ? lifeLayer(view, unitStyle, unitTip) : capacityLayer(view, data);
    view.layer.addTo(view.ctx.map);
  } catch (err) {
    if (sequence !== view.sequence) return;
    view.data = null;
    view.error = err;
  }
  render(view);
}

function clear(view) {
  view.layer?.remove();
  view.layer = null;
  view.data = null;
  view.grouping = null;
  view.error = null;
}

/** A unit drawn blue when it meets the rule, red dashed when not. */
const unitStyle = (f) => ({ color: f.properties.meets ? '#1565c0' : '#c62828', weight: 1.5, fillOpacity: 0.06, dashArray: f.properties.meets ? null : '4 3', className: `life-unit ${f.properties.meets ? 'meets' : 'misses'}` });

const unitTip = (p) => escapeHtml(t('lifeUnitTip', { id: p.id, centre: p.centreName, members: p.members.length, people: num(p.population, 0), minutes: num(p.maxMinutes) }) +
  (p.meets ? '' : ` · ${t('lifeUnitMisses')}${p.why ? `：${p.why}` : ''}`));

/** Quintile class of each settlement's capacity per 1,000 (0: no capacity in reach, grey). */
function capacityLayer(view, data) {
  const values = data.settlements.map((s) => s.perThousand).filter((v) => v > 0).sort((a, b) => a - b);
  const breaks = [0.2, 0.4, 0.6, 0.8].map((q) => values[Math.floor(q * (values.length - 1))] ?? 0);
  view.breaks = breaks;
  const group = L.layerGroup();
  for (const s of data.settlements) {
    const layer = view.ctx.settlementLayer.layers.get(s.id);
    if (!layer) continue;
    const at = layer.getLatLng ? layer.getLatLng() : layer.getBounds().getCenter();
    const cls = s.perThousand > 0 ? breaks.filter((b) => s.perThousand > b).length : -1;
    L.circleMarker(at, { radius: 5, weight: 1, color: '#fff', fillOpacity: 0.95, fillColor: cls < 0 ? '#9e9e9e' : RAMP[cls], className: `capacity-dot class-${cls}` })
      .bindTooltip(() => escapeHtml(`${s.name}：${num(s.perThousand, 2)} ${unitText(data.accessibilityUnit)}`))
      .addTo(group);
  }
  return group;
}

function render(view) {
  const info = $('#analysis-info');
  if (!info) return;
  if (view.kind === 'none') { info.innerHTML = ''; return; }
  if (view.error) { info.textContent = view.error.userMessage ? view.error.userMessage() : String(view.error); return; }
  const d = view.data;
  if (!d) return;
  if (view.kind === 'life-circles') {
    const s = d.solver;
    info.innerHTML = `<p>${escapeHtml(t('lifeSummary', { units: d.unitCount, meeting: d.meeting, status: s.status, bound: s.unitsBound, gap: num((s.unitsGap ?? 0) * 100) }))}</p>` +
      `<p class="source">${escapeHtml(getLang() === 'en' ? d.rule.sourceEn : d.rule.sourceZh)}</p>` +
      (view.grouping ? `<div id="life-groupings">${groupingPanel(view.grouping)}</div>` : '');
    if (view.grouping) bindPanel(view);
    return;
  }
  const en = getLang() === 'en';
  info.innerHTML = `<p>${escapeHtml(t('capacitySummary', { circle: en ? d.circle.nameEn : d.circle.nameZh, unit: unitText(d.accessibilityUnit), served: num(d.county.servedDemand, 0), covered: num(d.county.coveredDemand, 0) }))}</p>` +
    `<ul class="capacity-legend">${RAMP.map((c, i) => `<li><span class="swatch" style="background:${c}"></span>${i === 0 ? '≤' : '>'} ${num(i === 0 ? view.breaks[0] : view.breaks[i - 1], 2)}</li>`).join('')}` +
    `<li><span class="swatch" style="background:#9e9e9e"></span>${escapeHtml(t('capacityNone'))}</li></ul>` +
    d.notes.map((n) => `<p class="hint">${escapeHtml(en ? n.en : n.zh)}</p>`).join('');
}
