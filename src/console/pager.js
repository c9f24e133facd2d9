import { api } from './api.js';
import { t } from './i18n.js';
import { h } from './ui.js';

/**
 * The rest of a list the API pages: "shown n of total" and a button that adds the next page's
 * rows to `body` until the API says there is none, so every list can be read to its end and
 * the count beside it is the list's own (its `total`). `toRows` may answer a promise (rows that
 * need a request each).
 */
export function pager(first, url, body, toRows) {
  let cursor = first.nextCursor;
  let shown = first.items.length;
  const status = h('span', { class: 'muted', 'aria-live': 'polite' });
  const button = h('button', { type: 'button' }, t('list.more'));
  const update = () => {
    status.textContent = t('list.shown', { shown, total: first.total });
    button.hidden = !cursor;
  };
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const next = await api(`${url}${url.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(cursor)}`);
      body.append(...(await toRows(next.items)));
      shown += next.items.length;
      cursor = next.nextCursor;
    } finally {
      button.disabled = false;
      update();
    }
  });
  update();
  return h('p', { class: 'row pager' }, status, button);
}
