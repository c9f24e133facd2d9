import { api, session } from '../api.js';
import { eventLabel, stateLabel, t } from '../i18n.js';
import { link, reload } from '../nav.js';
import { card, h, put, table, when } from '../ui.js';
import { reasonButton } from './reason.js';

// What is stuck: refused or overdue publicity timers, notices given up, idle applications.
// Everyone sees what the API shows them; only the admin gets the actions.

const tableOrNone = (id, head, rows) => (rows.length === 0 ? h('p', { class: 'muted' }, t('inc.none')) : table({ id }, head, rows));

export async function incidentsPage(main) {
  const admin = session.actor.role === 'admin';
  const [timers, messages, idle] = await Promise.all([api('/incidents/timers'), api('/incidents/messages'), api('/incidents/idle')]);
  const post = (path) => (reason) => api(path, { method: 'POST', body: { reason } });
  const app = (i) => link(`applications/${i.applicationId}`, i.name ?? i.applicationId);
  put(
    main,
    h('h1', {}, t('inc.title')),
    card(
      'timers',
      t('inc.timers'),
      tableOrNone(
        'timer-incidents',
        [t('col.name'), t('col.state'), t('bulk.event'), t('inc.due'), t('inc.status'), ''],
        timers.items.map((i) =>
          h(
            'tr',
            {},
            h('td', {}, app(i)),
            h('td', {}, stateLabel(i.state)),
            h('td', {}, eventLabel(i.eventType)),
            h('td', {}, when(i.dueAt)),
            h('td', {}, i.status, i.note ? ` (${i.note})` : ''),
            h(
              'td',
              { class: 'actions' },
              admin ? reasonButton(t('inc.retry'), `retry-timer-${i.id}`, post(`/incidents/timers/${i.id}/retry`), reload) : null,
              admin ? reasonButton(t('inc.end'), `end-${i.id}`, post(`/applications/${i.applicationId}/end-publicity`), reload) : null,
            ),
          ),
        ),
      ),
    ),
    card(
      'messages',
      t('inc.messages'),
      tableOrNone(
        'message-incidents',
        [t('col.name'), 'kind', t('inc.error'), ''],
        messages.items.map((i) =>
          h(
            'tr',
            {},
            h('td', {}, app(i)),
            h('td', {}, i.kind),
            h('td', {}, `${i.attempts} × ${i.lastError ?? ''}`),
            h(
              'td',
              { class: 'actions' },
              admin ? reasonButton(t('inc.retry'), `retry-msg-${i.id}`, post(`/incidents/messages/${i.id}/retry`), reload) : null,
              admin ? reasonButton(t('inc.dismiss'), `dismiss-${i.id}`, post(`/incidents/messages/${i.id}/dismiss`), reload) : null,
            ),
          ),
        ),
      ),
    ),
    card(
      'idle',
      t('inc.idle'),
      tableOrNone(
        'idle-applications',
        [t('col.name'), t('col.state'), t('col.updated')],
        idle.items.map((i) => h('tr', {}, h('td', {}, app(i)), h('td', {}, stateLabel(i.state)), h('td', {}, when(i.updatedAt)))),
      ),
    ),
  );
}
