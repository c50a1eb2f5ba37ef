// Facility icons drawn locally as inline SVG: one shape and pictogram per category, the category's colour.
const SHAPES = {
  circle: '<circle cx="12" cy="12" r="10"/>',
  square: '<rect x="2.5" y="2.5" width="19" height="19" rx="2"/>',
  diamond: '<path d="M12 1 23 12 12 23 1 12Z"/>',
  hexagon: '<path d="M6.5 2.5h11L23 12l-5.5 9.5h-11L1 12Z"/>',
  triangle: '<path d="M12 1.5 23 21.5H1Z"/>',
  rounded: '<rect x="2" y="2" width="20" height="20" rx="7"/>',
  pentagon: '<path d="M12 1.5 22.5 9.3 18.5 21.5h-13L1.5 9.3Z"/>',
};

// White pictograms, drawn in the same 24×24 box.
const GLYPHS = {
  school: '<path d="M12 6 5 10l7 4 7-4Zm-4.5 5.8v3.4L12 17.5l4.5-2.3v-3.4L12 14.3Z"/>',
  clinic: '<path d="M10 6h4v4h4v4h-4v4h-4v-4H6v-4h4Z"/>',
  elderly: '<path d="M12 18.5 6.4 13a3.3 3.3 0 0 1 5.6-3.6 3.3 3.3 0 0 1 5.6 3.6Z"/>',
  culture: '<path d="M6 7.5c2.2-.6 4.2-.3 5.5.8v9c-1.3-1-3.3-1.3-5.5-.8Zm12 0c-2.2-.6-4.2-.3-5.5.8v9c1.3-1 3.3-1.3 5.5-.8Z"/>',
  fitness: '<path d="M5 10h2V8h2v8H7v-2H5Zm14 0h-2V8h-2v8h2v-2h2Zm-9 1h4v2h-4Z"/>',
  'bus-shelter': '<path d="M7.5 6h9a1.5 1.5 0 0 1 1.5 1.5V16h-1v1.5h-2V16h-6v1.5H7V16H6V7.5A1.5 1.5 0 0 1 7.5 6Zm0 2v3.5h9V8Zm.5 5.5v1.5h2v-1.5Zm6 0v1.5h2v-1.5Z"/>',
  park: '<path d="M12 4.5 17 12h-2.5l3 4.5h-4.5V19h-2v-2.5H6.5l3-4.5H7Z"/>',
};

const SHAPE_OF = { school: 'square', clinic: 'circle', elderly: 'diamond', culture: 'hexagon', fitness: 'triangle', 'bus-shelter': 'rounded', park: 'pentagon' };
const FALLBACK_SHAPES = Object.keys(SHAPES);

/** SVG markup of a category's icon; unknown categories get a shape by position and no pictogram. */
export function iconSvg(category, index = 0, size = 24) {
  const shape = SHAPES[SHAPE_OF[category.id]] || SHAPES[FALLBACK_SHAPES[index % FALLBACK_SHAPES.length]];
  const glyph = GLYPHS[category.id] || '<circle cx="12" cy="12" r="3.5"/>';
  return `<svg width="${size}" height="${size}" viewBox="0 0 24 24" aria-hidden="true" focusable="false">` +
    `<g fill="${category.colour || '#555'}" stroke="#fff" stroke-width="1.5">${shape}</g><g fill="#fff">${glyph}</g></svg>`;
}
