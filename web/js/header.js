// The top bar: the county's name and the date of its data (or that it is synthetic), and the print button.
import { $ } from './dom.js';
import { getLang, t } from './i18n.js';

/** Writes the region's name (in the page's language) and its data date into the title. */
export function renderTitle(region) {
  const name = getLang() === 'en' ? region.nameEn || region.name : region.name || region.nameEn;
  $('#region-name').textContent = name || '';
  const date = region.dataDate ? t('dataDate', { date: region.dataDate }) : '';
  $('#data-date').textContent = [region.synthetic ? t('syntheticData') : '', date].filter(Boolean).join(' · ');
  document.title = name ? `${name} · ${t('appTitle')}` : t('appTitle');
}

/** The print button: the browser's print (A4 landscape: map, legend, summary; see app.css @media print). */
export function bindPrint(map) {
  $('#print').addEventListener('click', () => window.print());
  let legendWasOpen = null;
  // On paper the legend is open (a phone keeps it folded), and Leaflet measures its resized container again.
  const printing = (on) => {
    const legend = $('#map-legend');
    if (legend && on && legendWasOpen === null) [legendWasOpen, legend.open] = [legend.open, true];
    if (legend && !on && legendWasOpen !== null) [legend.open, legendWasOpen] = [legendWasOpen, null];
    map.invalidateSize({ animate: false });
  };
  window.addEventListener('beforeprint', () => printing(true));
  window.addEventListener('afterprint', () => printing(false));
  window.matchMedia('print').addEventListener('change', (e) => printing(e.matches));
}
