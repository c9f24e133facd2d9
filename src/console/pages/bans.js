import { api, query, session } from '../api.js';
import { t } from '../i18n.js';
import { link, problemBox, reload, searchForm } from '../nav.js';
import { h, put, table, when } from '../ui.js';
import { planName } from './common.js';
import { reasonButton } from './reason.js';

// The ban registry (五(四)): every ban, newest first, by ID number, plan year, level and whether
// lifted; an applicant sees their own. The admin lifts a ban with a written reason.

const FILTERS = ['idNumber', 'year', 'level', 'state'];

export async function bansPage(main, params) {
  const actor = session.actor;
  const staff = actor.role !== 'applicant';
  const value = (name) => params.get(name) ?? '';
  const input = h('input', { id: 'ban-id', name: 'idNumber', value: value('idNumber'), size: 20, maxlength: 18 });
  const year = h('input', { id: 'ban-year', name: 'year', type: 'number', min: 2000, max: 2100, value: value('year') });
  const choose = (id, name, values) =>
    h(
      'select',
      { id, name },
      h('option', { value: '' }, t('bans.any')),
      values.map(([v, label]) => h('option', { value: v, selected: v === value(name) || undefined }, label)),
    );
  const level = choose('ban-level', 'level', [
    ['junior', t('level.junior')],
    ['intermediate', t('level.intermediate')],
  ]);
  const state = choose('ban-state', 'state', [
    ['standing', t('bans.standing')],
    ['lifted', t('bans.liftedState')],
  ]);
  put(
    main,
    h('h1', {}, t('bans.title')),
    staff
      ? searchForm(
          () => `bans${query({ idNumber: input.value.trim().toUpperCase(), year: year.value, level: level.value, state: state.value })}`,
          h('label', { for: 'ban-id' }, t('bans.idNumber'), input),
          h('label', { for: 'ban-year' }, t('bans.planYear'), year),
          h('label', { for: 'ban-level' }, t('bans.level'), level),
          h('label', { for: 'ban-state' }, t('inc.status'), state),
          h('button', { class: 'primary', type: 'submit' }, t('bans.search')),
        )
      : null,
  );
  const filter = Object.fromEntries(FILTERS.map((name) => [name, value(name)]));
  let bans;
  try {
    bans = await api(`/bans${query({ ...filter, cursor: value('cursor'), limit: 50 })}`);
  } catch (err) {
    put(main, problemBox(err));
    return;
  }
  put(
    main,
    bans.items.length === 0
      ? h('p', { class: 'muted', id: 'bans-none' }, t('bans.none'))
      : table(
          { id: 'bans' },
          [t('col.name'), t('col.plan'), t('bans.years'), t('bans.finding'), t('inc.status')],
          bans.items.map((b) =>
            h(
              'tr',
              { 'data-id': b.id, 'data-lifted': String(Boolean(b.liftedAt)) },
              h(
                'td',
                {},
                link(`applications/${b.applicationId}`, b.name ?? t('bans.unnamed')),
                h('br'),
                h('span', { class: 'muted' }, b.idNumber),
              ),
              h('td', {}, planName(b.plan)),
              h('td', {}, `${b.fromYear}–${b.toYear}`),
              h('td', {}, b.finding, h('br'), h('span', { class: 'muted' }, t('bans.found', { by: b.foundBy, at: when(b.createdAt) }))),
              h(
                'td',
                {},
                b.liftedAt
                  ? h(
                      'span',
                      {},
                      t('bans.liftedBy', { by: b.liftedBy, at: when(b.liftedAt) }),
                      h('br'),
                      t('bans.lifted', { reason: b.liftReason }),
                    )
                  : actor.role === 'admin'
                    ? [
                        h('span', {}, t('bans.standing'), ' '),
                        reasonButton(
                          t('bans.lift'),
                          `lift-${b.id}`,
                          (reason) => api(`/bans/${b.id}/lift`, { method: 'POST', body: { reason } }),
                          reload,
                        ),
                      ]
                    : t('bans.standing'),
              ),
            ),
          ),
        ),
    bans.nextCursor ? h('p', {}, link(`bans${query({ ...filter, cursor: bans.nextCursor })}`, t('find.next'))) : null,
  );
}
