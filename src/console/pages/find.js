import { api, query, session } from '../api.js';
import { stateLabel, t } from '../i18n.js';
import { link, searchForm } from '../nav.js';
import { h, put, table, when } from '../ui.js';
import { bulkPanel } from './bulk.js';
import { allStates, machine, planName, planSelect, plans } from './common.js';

// Find: one search box and the list's filters, all in the address; a page of results;
// for staff, a bulk step on the rows selected.

const FILTERS = ['q', 'planId', 'unitId', 'state', 'updatedAfter', 'updatedBefore'];
const PAGE = 25;

/** A date picked in the form as the Asia/Shanghai midnight the API expects, and back. */
const toInstant = (date) => (date ? `${date}T00:00:00+08:00` : '');
const toDate = (instant) => instant?.slice(0, 10) ?? '';

export async function findPage(main, params) {
  const role = session.actor.role;
  const filters = Object.fromEntries(FILTERS.map((k) => [k, params.get(k) ?? '']));
  const [planList, definition, result] = await Promise.all([
    plans(),
    machine(),
    api(`/applications${query({ ...filters, cursor: params.get('cursor'), limit: PAGE })}`),
  ]);

  const input = (name, attrs = {}) => h('input', { id: `f-${name}`, name, value: filters[name], ...attrs });
  const form = searchForm(
    (self) => {
      const data = new FormData(self);
      const next = Object.fromEntries(FILTERS.map((k) => [k, String(data.get(k) ?? '').trim()]));
      next.updatedAfter = toInstant(next.updatedAfter);
      next.updatedBefore = toInstant(next.updatedBefore);
      return `find${query(next)}`;
    },
    h('label', { for: 'f-q' }, t('find.q'), input('q', { type: 'search', size: 30 })),
    h('label', { for: 'f-planId' }, t('find.plan'), planSelect('f-planId', planList, filters.planId, t('find.any'))),
    role === 'unit' || role === 'applicant' ? null : h('label', { for: 'f-unitId' }, t('find.unit'), input('unitId', { size: 10 })),
    h(
      'label',
      { for: 'f-state' },
      t('find.state'),
      h(
        'select',
        { id: 'f-state', name: 'state' },
        h('option', { value: '' }, t('find.any')),
        allStates(definition.definition).map((st) => h('option', { value: st, selected: st === filters.state }, stateLabel(st))),
      ),
    ),
    h('label', { for: 'f-updatedAfter' }, t('find.after'), input('updatedAfter', { type: 'date', value: toDate(filters.updatedAfter) })),
    h(
      'label',
      { for: 'f-updatedBefore' },
      t('find.before'),
      input('updatedBefore', { type: 'date', value: toDate(filters.updatedBefore) }),
    ),
    h('button', { class: 'primary', type: 'submit' }, t('find.search')),
    link('find', t('find.reset')),
  );

  const staff = role !== 'applicant';
  const selected = new Set();
  const rows = result.items.map((a) =>
    h(
      'tr',
      { 'data-id': a.id },
      staff
        ? h(
            'td',
            {},
            h('input', {
              type: 'checkbox',
              'aria-label': t('find.selectRow', { name: a.name ?? a.idNumber }),
              onchange: (e) => {
                if (e.target.checked) selected.add(a.id);
                else selected.delete(a.id);
                bulk.update();
              },
            }),
          )
        : null,
      h('td', {}, link(`applications/${a.id}`, a.name ?? a.idNumber)),
      h('td', { class: 'opt' }, a.idNumber),
      h('td', { class: 'opt' }, planName(a.plan)),
      h('td', { class: 'opt' }, a.unitName ?? a.unitId),
      h('td', { class: 'state-cell' }, h('span', { class: 'state', 'data-state': a.state }, stateLabel(a.state))),
      h('td', { class: 'opt updated-cell' }, when(a.updatedAt)),
    ),
  );
  const here = Object.fromEntries(FILTERS.map((k) => [k, filters[k]]));
  // After a batch, the rows show the states as they are now, not as they were.
  const refresh = async () => {
    const now = await api(`/applications${query({ ...filters, cursor: params.get('cursor'), limit: PAGE })}`);
    const byId = new Map(now.items.map((a) => [a.id, a]));
    for (const row of rows) {
      const a = byId.get(row.dataset.id) ?? (await api(`/applications/${row.dataset.id}`).catch(() => null));
      if (!a) continue;
      row.querySelector('.state-cell').replaceChildren(h('span', { class: 'state', 'data-state': a.state }, stateLabel(a.state)));
      row.querySelector('.updated-cell').textContent = when(a.updatedAt);
      row.dataset.state = a.state;
    }
  };
  const bulk = staff ? await bulkPanel(role, definition, selected, result.items, refresh, filters) : null;
  put(
    main,
    h('h1', {}, t('find.title')),
    form,
    result.items.length === 0
      ? h('p', { class: 'muted' }, t('find.empty'))
      : table(
          { id: 'results' },
          [
            staff ? t('find.select') : null,
            t('col.name'),
            h('th', { scope: 'col', class: 'opt' }, t('col.idNumber')),
            h('th', { scope: 'col', class: 'opt' }, t('col.plan')),
            h('th', { scope: 'col', class: 'opt' }, t('col.unit')),
            t('col.state'),
            h('th', { scope: 'col', class: 'opt' }, t('col.updated')),
          ],
          rows,
        ),
    h(
      'p',
      { class: 'actions' },
      params.get('cursor') ? link(`find${query(here)}`, t('find.first')) : null,
      result.nextCursor ? link(`find${query({ ...here, cursor: result.nextCursor })}`, t('find.next')) : null,
    ),
    bulk?.section,
  );
}
