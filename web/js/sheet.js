// The panel as a bottom sheet on a phone: a peek with the headline figure, tapped, dragged or keyed open and closed.
import { t } from './i18n.js';

const DRAG_PX = 30; // a drag shorter than this is a tap

/** Binds the sheet's handle (a button); onChange(open) after every change (e.g. to resize the map). */
export function createSheet(handle, onChange) {
  let open = false;
  let dragFrom = null;
  let dragged = false;

  function set(next) {
    open = next;
    document.body.classList.toggle('panel-open', open);
    handle.setAttribute('aria-expanded', String(open));
    label();
    onChange?.(open);
  }

  function label() {
    handle.title = t(open ? 'sheetCollapse' : 'sheetExpand');
    handle.querySelector('.sheet-action').textContent = handle.title;
  }

  handle.addEventListener('click', () => {
    if (dragged) return (dragged = false);
    set(!open);
  });
  handle.addEventListener('pointerdown', (e) => {
    dragFrom = e.clientY;
    dragged = false;
  });
  handle.addEventListener('pointerup', (e) => {
    if (dragFrom === null) return;
    const dy = e.clientY - dragFrom;
    dragFrom = null;
    if (Math.abs(dy) < DRAG_PX) return;
    dragged = true;
    set(dy < 0);
  });
  label();
  return { set, isOpen: () => open, render: label };
}
