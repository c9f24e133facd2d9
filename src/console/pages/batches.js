import { api, query } from '../api.js';
import { confirmDialog } from '../confirm.js';
import { eventLabel, stateLabel, t } from '../i18n.js';
import { link, problemBox, reload } from '../nav.js';
import { h, put, table, when } from '../ui.js';
import { planName, plans } from './common.js';

// Batch operations (issue 27, item 4): who started which event over which filter, when, how far
// it got and with what outcome; a running one may be cancelled.

export async function batchesPage(main, params) {
  const [list, planList] = await Promise.all([api(`/batches${query({ cursor: params.get('cursor') })}`), plans()]);
  // A filter in words: a state by its name, a plan by its year, specialty and level, a day as a date.
  const word = (k, v) => {
    if (k === 'state') return String(v).split(',').map(stateLabel).join(t('sep.enum'));
    if (k === 'planId') {
      const plan = planList.find((p) => p.id === v);
      return plan ? planName(plan) : v;
    }
    if (k === 'updatedAfter' || k === 'updatedBefore') return String(v).slice(0, 10);
    return v;
  };
  const out = h('div', { 'aria-live': 'polite' });
  const filterText = (f) =>
    Object.entries(f)
      .map(([k, v]) => `${t(`batch.f.${k}`)}${t('sep.colon')}${word(k, v)}`)
      .join(t('sep.list')) || t('batch.filterAll');
  put(
    main,
    h('h1', {}, t('batch.title')),
    out,
    list.items.length === 0
      ? h('p', { class: 'muted' }, t('batch.empty'))
      : table(
          { id: 'batches' },
          [
            t('batch.started'),
            t('batch.event'),
            t('batch.by'),
            t('batch.filter'),
            t('batch.status'),
            t('batch.counts'),
            t('batch.actions'),
          ],
          list.items.map((b) =>
            h(
              'tr',
              { 'data-id': b.id, 'data-status': b.status },
              h('td', {}, when(b.startedAt)),
              h('td', {}, eventLabel(b.type)),
              h('td', {}, `${t(`role.${b.startedBy.role}`)} ${b.startedBy.sub}`),
              h('td', {}, filterText(b.filter)),
              h(
                'td',
                {},
                t(`batch.status.${b.status}`),
                b.cancelledBy ? h('span', { class: 'muted' }, ` · ${t('batch.cancelledBy', { who: b.cancelledBy })}`) : null,
              ),
              h('td', {}, t('batch.countsText', { total: b.total, ...b.counts })),
              h(
                'td',
                {},
                b.status === 'running'
                  ? h(
                      'button',
                      {
                        type: 'button',
                        onclick: async () => {
                          const sure = await confirmDialog({
                            title: t('batch.cancel'),
                            message: t('batch.confirmCancel'),
                            confirmText: t('batch.cancel'),
                          });
                          if (!sure) return;
                          try {
                            await api(`/batches/${b.id}/cancel`, { method: 'POST' });
                            reload();
                          } catch (err) {
                            out.replaceChildren(problemBox(err));
                          }
                        },
                      },
                      t('batch.cancel'),
                    )
                  : null,
              ),
            ),
          ),
        ),
    list.nextCursor ? h('p', {}, link(`batches${query({ cursor: list.nextCursor })}`, t('find.next'))) : null,
  );
}
