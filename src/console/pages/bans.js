import { api, query, session } from '../api.js';
import { t } from '../i18n.js';
import { go, link, problemBox, reload } from '../nav.js';
import { h, put, table, when } from '../ui.js';
import { reasonButton } from './reason.js';

// The ban registry (五(四)): by ID number; the admin lifts a ban with a written reason.

export async function bansPage(main, params) {
  const actor = session.actor;
  const idNumber = params.get('idNumber') ?? (actor.role === 'applicant' ? actor.sub : '');
  const input = h('input', { id: 'ban-id', name: 'idNumber', value: idNumber, required: true, size: 20, maxlength: 18 });
  put(
    main,
    h('h1', {}, t('bans.title')),
    h(
      'form',
      {
        class: 'row',
        role: 'search',
        onsubmit: (e) => {
          e.preventDefault();
          go(`bans${query({ idNumber: input.value.trim().toUpperCase() })}`);
        },
      },
      h('label', { for: 'ban-id' }, t('bans.idNumber'), input),
      h('button', { class: 'primary', type: 'submit' }, t('bans.search')),
    ),
  );
  if (!idNumber) return;
  let bans;
  try {
    bans = await api(`/bans${query({ idNumber })}`);
  } catch (err) {
    put(main, problemBox(err));
    return;
  }
  put(
    main,
    bans.items.length === 0
      ? h('p', { class: 'muted' }, t('bans.none'))
      : table(
          { id: 'bans' },
          [t('bans.years'), t('bans.finding'), t('col.name'), t('inc.status')],
          bans.items.map((b) =>
            h(
              'tr',
              { 'data-id': b.id, 'data-lifted': String(Boolean(b.liftedAt)) },
              h('td', {}, `${b.fromYear}–${b.toYear}`),
              h('td', {}, b.finding, h('br'), h('span', { class: 'muted' }, `${b.foundBy} · ${when(b.createdAt)}`)),
              h('td', {}, link(`applications/${b.applicationId}`, b.applicationId.slice(0, 8))),
              h(
                'td',
                {},
                b.liftedAt
                  ? t('bans.lifted', { reason: b.liftReason })
                  : actor.role === 'admin'
                    ? reasonButton(
                        t('bans.lift'),
                        `lift-${b.id}`,
                        (reason) => api(`/bans/${b.id}/lift`, { method: 'POST', body: { reason } }),
                        reload,
                      )
                    : '',
              ),
            ),
          ),
        ),
  );
}
