import { api, session } from '../api.js';
import { eventLabel, stateLabel, t } from '../i18n.js';
import { link, reload } from '../nav.js';
import { pager } from '../pager.js';
import { card, h, put, table, when } from '../ui.js';
import { reasonButton } from './reason.js';

// What is stuck: refused or overdue publicity timers, notices given up, idle applications.
// Everyone sees what the API shows them; only the admin gets the actions.

/** A list's card: its title with how many it holds, its first page and the rest on demand. */
function listCard(id, title, tableId, head, list, url, row) {
  if (list.items.length === 0) return card(id, t('list.count', { title, n: 0 }), h('p', { class: 'muted' }, t('inc.none')));
  const rows = table({ id: tableId }, head, list.items.map(row));
  return card(
    id,
    t('list.count', { title, n: list.total }),
    rows,
    pager(list, url, rows.querySelector('tbody'), (items) => items.map(row)),
  );
}

export async function incidentsPage(main) {
  const admin = session.actor.role === 'admin';
  const urls = { timers: '/incidents/timers?limit=20', messages: '/incidents/messages?limit=20', idle: '/incidents/idle?limit=20' };
  const [timers, messages, idle] = await Promise.all([api(urls.timers), api(urls.messages), api(urls.idle)]);
  const post = (path) => (reason) => api(path, { method: 'POST', body: { reason } });
  const app = (i) => link(`applications/${i.applicationId}`, i.name ?? i.applicationId);
  put(
    main,
    h('h1', {}, t('inc.title')),
    listCard(
      'timers',
      t('inc.timers'),
      'timer-incidents',
      [t('col.name'), t('col.state'), t('bulk.event'), t('inc.due'), t('inc.status'), t('col.actions')],
      timers,
      urls.timers,
      (i) =>
        h(
          'tr',
          {},
          h('td', {}, app(i)),
          h('td', {}, stateLabel(i.state)),
          h('td', {}, eventLabel(i.eventType)),
          h('td', {}, when(i.dueAt)),
          h('td', {}, t(`timer.${i.status}`), i.note ? ` (${i.note})` : ''),
          h(
            'td',
            { class: 'actions' },
            admin ? reasonButton(t('inc.retry'), `retry-timer-${i.id}`, post(`/incidents/timers/${i.id}/retry`), reload) : null,
            admin ? reasonButton(t('inc.end'), `end-${i.id}`, post(`/applications/${i.applicationId}/end-publicity`), reload) : null,
          ),
        ),
    ),
    listCard(
      'messages',
      t('inc.messages'),
      'message-incidents',
      [t('col.name'), t('inc.notice'), t('inc.error'), t('col.actions')],
      messages,
      urls.messages,
      (i) =>
        h(
          'tr',
          {},
          h('td', {}, app(i)),
          h('td', {}, t(`notice.${i.kind}`)),
          h('td', {}, `${i.attempts} × ${i.lastError ?? ''}`),
          h(
            'td',
            { class: 'actions' },
            admin ? reasonButton(t('inc.retry'), `retry-msg-${i.id}`, post(`/incidents/messages/${i.id}/retry`), reload) : null,
            admin ? reasonButton(t('inc.dismiss'), `dismiss-${i.id}`, post(`/incidents/messages/${i.id}/dismiss`), reload) : null,
          ),
        ),
    ),
    listCard('idle', t('inc.idle'), 'idle-applications', [t('col.name'), t('col.state'), t('col.updated')], idle, urls.idle, (i) =>
      h('tr', {}, h('td', {}, app(i)), h('td', {}, stateLabel(i.state)), h('td', {}, when(i.updatedAt))),
    ),
  );
}
