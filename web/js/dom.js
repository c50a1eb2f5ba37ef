// Small DOM helpers every module shares: selection, HTML escaping, attribute toggles.

/** The first element matching a selector (in root, default the document). */
export const $ = (sel, root = document) => root.querySelector(sel);

/** Text made safe to put inside HTML markup or an attribute value. */
export const escapeHtml = (s) =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

/** Sets (value "true") or removes a boolean data attribute. */
export const toggleAttribute = (el, name, on) => (on ? el.setAttribute(name, 'true') : el.removeAttribute(name));

/** Whether the page is laid out for a phone (the panel is a bottom sheet). */
export const isPhone = () => window.matchMedia('(max-width: 700px)').matches;
