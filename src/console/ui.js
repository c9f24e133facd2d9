import { lang } from './i18n.js';

// Building the page from data: elements are created, never parsed from strings, so nothing
// an applicant typed can become markup.

/** h('a', { href, onclick }, 'text', child…): attributes starting with "on" become listeners. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  el.append(...children.flat(Infinity).filter((c) => c !== undefined && c !== null && c !== false));
  return el;
}

/**
 * Appends to `parent` what is there to show: the DOM's own append writes a null or an
 * undefined (a section a role does not have) as the text "null" / "undefined".
 */
export function put(parent, ...children) {
  parent.append(...children.flat(Infinity).filter((c) => c !== undefined && c !== null && c !== false));
  return parent;
}

const SVG = 'http://www.w3.org/2000/svg';

/** An SVG element; attributes as in h(). */
export function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) if (value !== undefined && value !== null) el.setAttribute(key, String(value));
  el.append(...children.flat(Infinity).filter((c) => c !== undefined && c !== null));
  return el;
}

/** A table in its scrolling wrapper: `head` cells are texts (or <th> elements), `rows` its <tr>s. */
export function table(attrs, head, rows) {
  const th = (c) => (typeof c === 'string' ? h('th', { scope: 'col' }, c) : c);
  return h('div', { class: 'table-wrap' }, h('table', attrs, h('thead', {}, h('tr', {}, head.map(th))), h('tbody', {}, rows)));
}

/** A card with a heading that names it (`${id}-title`) for assistive technology. */
export function card(id, title, ...children) {
  return h('section', { class: 'card', 'aria-labelledby': `${id}-title` }, h('h2', { id: `${id}-title` }, title), ...children);
}

/** An input with its visible label. */
export function field(text, control) {
  return h('label', {}, text, control);
}

/** An instant as Asia/Shanghai wall time (SPEC §6), written the way the chosen language writes it. */
export const when = (iso) =>
  iso ? new Date(iso).toLocaleString(lang() === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '';

/** The Asia/Shanghai calendar date of an instant. */
export const shanghaiDate = (iso) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * The last day of a period that ends at an instant (00:00 Asia/Shanghai of the day after it):
 * a publicity's or a deadline's end date, as the lists print it — the browser's copy of
 * machines/rules/dates.ts `lastDayBefore`, held equal to it by test/console/last-day.test.ts.
 */
export const lastDay = (iso) => (iso ? shanghaiDate(new Date(Date.parse(iso) - 1).toISOString()) : '');
