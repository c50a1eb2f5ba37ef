// The one palette for coverage statuses, used by the map, the legend, the badges (CSS variables) and the chart.
// Colour-blind safe: a blue, a light orange and a dark red-brown differ in lightness and in blue–yellow,
// so they stay apart under deuteranopia and protanopia (ColorBrewer RdBu ends with a light orange middle).

export const STATUS_COLOUR = Object.freeze({ covered: '#2166ac', partly: '#f4a582', uncovered: '#67001f' });
export const NO_STATUS_COLOUR = '#9e9e9e';
/** Text drawn on a status colour: white on the dark ones, ink on the light orange. */
export const STATUS_TEXT = Object.freeze({ covered: '#fff', partly: '#1d2327', uncovered: '#fff' });

/** Publishes the palette as CSS variables (--covered, --partly, --uncovered, --on-…) so stylesheet and script agree. */
export function applyPalette(root = document.documentElement) {
  for (const [status, colour] of Object.entries(STATUS_COLOUR)) {
    root.style.setProperty(`--${status}`, colour);
    root.style.setProperty(`--on-${status}`, STATUS_TEXT[status]);
  }
}
