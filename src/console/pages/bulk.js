import { api, query } from '../api.js';
import { confirmBatch } from '../confirm.js';
import { eventFields, eventSchemas, payloadOf } from '../forms.js';
import { eventLabel, stateLabel, t } from '../i18n.js';
import { link, problemBox } from '../nav.js';
import { pager } from '../pager.js';
import { problemLines } from '../problems.js';
import { card, h } from '../ui.js';

// The bulk step under the find page's list: one event to the rows selected (POST
// /v1/applications/bulk-events) or to every application the filter matches (a batch).

/** One event to the selected applications; each is its own transition with its own outcome. */
export async function bulkPanel(role, definition, selected, items, refresh, filters) {
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
  /** The event's fields as its payload; null, with the reason shown, when one cannot be read (a malformed JSON field). */
  const readPayload = () => {
    try {
      return payloadOf(fields);
    } catch (err) {
      out.replaceChildren(problemBox(err));
      return null;
    }
  };
  const apply = h('button', { class: 'primary', type: 'submit', disabled: true }, t('bulk.apply', { n: 0 }));
  // Every application the filter matches, not only this page's rows: a batch the service runs (POST /v1/batches).
  const applyAll = h(
    'button',
    {
      type: 'button',
      id: 'bulk-all',
      disabled: true,
      onclick: async () => {
        const payload = readPayload();
        if (!payload) return;
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
        const payload = readPayload();
        if (!payload) return;
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
async function followBatch(batch, out) {
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
