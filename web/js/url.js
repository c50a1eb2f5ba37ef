// The view in location.hash, so a view can be shared: #c=elderly-15&v=av-0173&z=13.5&ll=31.03,120.75
// (circle, village card, zoom, centre). Read once on start; rewritten in place (history.replaceState) as the view changes.

/** The view a URL asks for; missing or malformed parts are null. */
export function readView(hash = window.location.hash) {
  const q = new URLSearchParams(hash.replace(/^#/, ''));
  const [lat, lon] = (q.get('ll') || '').split(',').map((s) => (s === '' ? NaN : Number(s)));
  const zoom = q.get('z') === null ? NaN : Number(q.get('z'));
  const ok = Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180;
  return {
    circle: q.get('c') || null,
    village: q.get('v') || null,
    zoom: Number.isFinite(zoom) ? zoom : null,
    lat: ok ? lat : null,
    lon: ok ? lon : null,
  };
}

/** The hash for a view: circle, village (when a card is open), zoom and centre. */
export function viewHash({ circle, village, zoom, lat, lon }) {
  const parts = [];
  if (circle) parts.push(`c=${encodeURIComponent(circle)}`);
  if (village) parts.push(`v=${encodeURIComponent(village)}`);
  if (Number.isFinite(zoom)) parts.push(`z=${+zoom.toFixed(2)}`);
  if (Number.isFinite(lat) && Number.isFinite(lon)) parts.push(`ll=${lat.toFixed(5)},${lon.toFixed(5)}`);
  return `#${parts.join('&')}`;
}

/** Keeps location.hash on the view: after every map move, and when update() is called (circle or card changed). */
export function syncView(map, getState) {
  const update = () => {
    const c = map.getCenter();
    const hash = viewHash({ ...getState(), zoom: map.getZoom(), lat: c.lat, lon: c.lng });
    if (hash !== window.location.hash) window.history.replaceState(null, '', hash);
  };
  map.on('moveend', update);
  return update;
}

/** Restores a URL's zoom and centre; false when it gave none. */
export function restoreView(map, view) {
  if (view.lat === null || view.zoom === null) return false;
  map.setView([view.lat, view.lon], view.zoom, { animate: false });
  return true;
}
