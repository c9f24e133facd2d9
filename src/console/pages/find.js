import { api, query, session } from '../api.js';
import { confirmBatch } from '../confirm.js';
import { eventFields, eventSchemas, payloadOf } from '../forms.js';
import { eventLabel, stateLabel, t } from '../i18n.js';
import { go, link, problemBox } from '../nav.js';
import { pager } from '../pager.js';
import { problemLines } from '../problems.js';
import { card, h, put, table, when } from '../ui.js';
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
  const form = h(
    'form',
    {
      class: 'row',
      role: 'search',
      onsubmit: (e) => {
        e.preventDefault();
        const data = new FormData(form);
        const next = Object.fromEntries(FILTERS.map((k) => [k, String(data.get(k) ?? '').trim()]));
        next.updatedAfter = toInstant(next.updatedAfter);
        next.updatedBefore = toInstant(next.updatedBefore);
        go(`find${query(next)}`);
      },
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

/** One event to the selected applications; each is its own transition with its own outcome. */
async function bulkPanel(role, definition, selected, items, refresh, filters) {
  const schemas = await eventSchemas();
  const types = [...new Set(definition.transitions.filter((tr) => tr.senders.includes(role)).map((tr) => tr.event))];
  const fields = h('div', { class: 'row' });
  // No event is chosen until the clerk chooses one: the list never opens on a destructive one.
  const event = h(
    'select',
    {
      id: 'bulk-event',
      name: 'type',
      required: true,
      onchange: () => {
        fields.replaceChildren(...(event.value ? eventFields(schemas.get(event.value)) : []));
        update();
      },
    },
    h('option', { value: '', selected: true }, t('bulk.choose')),
    types.map((type) => h('option', { value: type }, eventLabel(type))),
  );
  const apply = h('button', { class: 'primary', type: 'submit', disabled: true }, t('bulk.apply', { n: 0 }));
  // Every application the filter matches, not only this page's rows: a batch the service runs (POST /v1/batches).
  const applyAll = h(
    'button',
    {
      type: 'button',
      id: 'bulk-all',
      disabled: true,
      onclick: async () => {
        let payload;
        try {
          payload = payloadOf(fields);
        } catch (err) {
          out.replaceChildren(problemBox(err));
          return;
        }
        const filter = Object.fromEntries(Object.entries(filters).filter(([, v]) => v));
        try {
          const { matching, max } = await api(`/batches/matching${query(filter)}`);
          if (matching === 0 || matching > max) {
            out.replaceChildren(
              h('p', { class: 'problem', role: 'alert' }, t(matching ? 'batch.tooMany' : 'batch.none', { n: matching, max })),
            );
            return;
          }
          if (!(await confirmBatch(event.value, matching, true))) {
            out.replaceChildren(h('p', { class: 'muted', role: 'status' }, t('bulk.cancelled')));
            return;
          }
          applyAll.disabled = true;
          const batch = await api('/batches', { method: 'POST', body: { type: event.value, payload, filter, expectedCount: matching } });
          await followBatch(batch, out);
          await refresh();
        } catch (err) {
          out.replaceChildren(problemBox(err));
        } finally {
          update();
        }
      },
    },
    t('batch.all'),
  );
  const update = () => {
    apply.disabled = selected.size === 0 || !event.value;
    apply.textContent = t('bulk.apply', { n: selected.size });
    applyAll.disabled = !event.value;
  };
  const out = h('div', { 'aria-live': 'polite' });
  const names = new Map(items.map((a) => [a.id, a.name ?? a.idNumber]));
  const form = h(
    'form',
    {
      onsubmit: async (e) => {
        e.preventDefault();
        if (!event.value || selected.size === 0) return;
        let payload;
        try {
          payload = payloadOf(fields);
        } catch (err) {
          out.replaceChildren(problemBox(err));
          return;
        }
        // Every batch names its event and count; a finding or a revocation is typed out.
        if (!(await confirmBatch(event.value, selected.size))) {
          out.replaceChildren(h('p', { class: 'muted', role: 'status' }, t('bulk.cancelled')));
          return;
        }
        apply.disabled = true;
        try {
          const result = await api('/applications/bulk-events', {
            method: 'POST',
            headers: { 'idempotency-key': crypto.randomUUID() },
            body: { type: event.value, payload, items: [...selected].map((applicationId) => ({ applicationId })) },
          });
          await refresh();
          out.replaceChildren(
            h('p', { class: 'notice', role: 'status' }, t('bulk.summary', result.summary), ' ', t('bulk.refreshed')),
            h(
              'table',
              { id: 'bulk-results' },
              h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('col.name')), h('th', { scope: 'col' }, t('col.outcome')))),
              h(
                'tbody',
                {},
                result.items.map((i) =>
                  h(
                    'tr',
                    { 'data-id': i.applicationId, 'data-outcome': i.outcome },
                    h('td', {}, link(`applications/${i.applicationId}`, names.get(i.applicationId) ?? i.applicationId)),
                    h(
                      'td',
                      {},
                      t(`outcome.${i.outcome}`),
                      i.state ? ` → ${stateLabel(i.state)}` : '',
                      i.problem ? ` · ${i.problem.detail} (${i.problem.code})` : '',
                    ),
                  ),
                ),
              ),
            ),
          );
        } catch (err) {
          out.replaceChildren(problemBox(err));
        } finally {
          update();
        }
      },
    },
    h('div', { class: 'row' }, h('label', { for: 'bulk-event' }, t('bulk.event'), event)),
    fields,
    h('div', { class: 'actions' }, apply, applyAll),
  );
  return {
    section: types.length ? card('bulk', t('bulk.title'), form, out) : null,
    update,
  };
}

/** A batch's progress until it ends, then its outcome and the applications it refused, by name. */
export async function followBatch(batch, out) {
  const progress = h('progress', { max: batch.total, value: 0, 'aria-label': t('batch.progressLabel') });
  const status = h('p', { role: 'status' });
  out.replaceChildren(h('div', { id: 'batch-progress', 'data-batch': batch.id }, progress, status));
  let b = batch;
  for (;;) {
    const done = b.total - b.counts.pending;
    progress.value = done;
    status.textContent = t('batch.progress', { done, total: b.total, ...b.counts, event: eventLabel(b.type) });
    if (b.status !== 'running') break;
    await new Promise((resolve) => setTimeout(resolve, 500));
    b = await api(`/batches/${b.id}`);
  }
  out.querySelector('#batch-progress').dataset.status = b.status;
  // The refused applications by name with their reasons, 20 at a time to the end of the list.
  const refusedUrl = `/batches/${b.id}/items?outcome=refused&limit=20`;
  const refused = b.counts.refused ? { ...(await api(refusedUrl)), total: b.counts.refused } : null;
  const refusedRows = async (items) =>
    (await Promise.all(items.map(async (i) => [i, await api(`/applications/${i.applicationId}`).catch(() => null)]))).map(([i, view]) =>
      h(
        'li',
        { 'data-id': i.applicationId },
        link(`applications/${i.applicationId}`, view?.context.facts.name ?? t('batch.unknown')),
        ` · ${[i.problem?.detail, ...(i.problem ? problemLines(i.problem) : [])].filter(Boolean).join(t('sep.list'))}`,
      ),
    );
  const list = refused ? h('ul', { id: 'batch-refused' }, await refusedRows(refused.items)) : null;
  out.append(
    h('p', { class: 'notice' }, t(`batch.ended.${b.status}`, { ...b.counts, total: b.total }), ' ', t('bulk.refreshed')),
    list,
    refused ? pager(refused, refusedUrl, list, refusedRows) : null,
  );
  return b;
}
