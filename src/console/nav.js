import { Problem } from './api.js';
import { problemLines } from './problems.js';
import { h } from './ui.js';

// Moving between the console's pages without reloading: app.js draws the page on NAVIGATE.

export const BASE = '/console/';
export const NAVIGATE = 'console:navigate';

/** Goes to a console path (with its query) without reloading. */
export function go(path) {
  history.pushState(null, '', `${BASE}${path}`);
  dispatchEvent(new Event(NAVIGATE));
}

/** Draws the current page again, with what the API says now. */
export function reload() {
  dispatchEvent(new Event(NAVIGATE));
}

/** A link inside the console. */
export function link(path, ...children) {
  return h(
    'a',
    {
      href: `${BASE}${path}`,
      onclick: (e) => {
        if (e.ctrlKey || e.metaKey || e.shiftKey) return;
        e.preventDefault();
        go(path);
      },
    },
    ...children,
  );
}

/** A search form: on submit, the page `target(form)` names, its filters in the address. */
export const searchForm = (target, ...children) =>
  h(
    'form',
    {
      class: 'row',
      role: 'search',
      onsubmit: (e) => {
        e.preventDefault();
        go(target(e.currentTarget));
      },
    },
    ...children,
  );

/** `run` as a handler that shows a refusal in `out`; a server error goes on to the page's own handler. */
export const refusalsInto = (out, run) => async () => {
  try {
    await run();
  } catch (err) {
    if (!(err instanceof Problem) || err.status >= 500) throw err;
    out.replaceChildren(problemBox(err));
  }
};

/** A refusal as the API gave it: its detail, its code, and in words the facts, rules or fields it names. */
export function problemBox(err, ...more) {
  const body = err instanceof Problem ? err.body : { detail: String(err), code: 'ERROR' };
  const lines = problemLines(body);
  return h(
    'div',
    { class: 'problem', role: 'alert', 'data-code': body.code },
    h('strong', {}, body.detail),
    ' ',
    h('code', { class: 'muted' }, body.code),
    lines.length
      ? h(
          'ul',
          {},
          lines.map((line) => h('li', {}, line)),
        )
      : null,
    ...more,
  );
}
