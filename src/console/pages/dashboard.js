import { api, query, session } from '../api.js';
import { stateLabel, t } from '../i18n.js';
import { go, link } from '../nav.js';
import { card, h, put, s, when } from '../ui.js';
import { leafStates, machine, planName, planSelect, plans } from './common.js';
import { publicityListsCard } from './documents.js';

const DAYS = 7;
const BAR_H = 22;

/** Counts per state as horizontal bars, every state of the definition listed, in its order. */
function chart(states, counts) {
  const max = Math.max(1, ...counts.values());
  const labelW = 150;
  const barW = 420;
  return s(
    'svg',
    { class: 'chart', viewBox: `0 0 ${labelW + barW + 50} ${states.length * BAR_H + 4}`, role: 'img', 'aria-label': t('dash.chart') },
    states.map((state, i) => {
      const n = counts.get(state) ?? 0;
      const y = i * BAR_H + 2;
      return s(
        'g',
        { 'data-state': state, 'data-count': n },
        s('title', {}, `${stateLabel(state)}: ${n}`),
        s('text', { x: labelW - 6, y: y + 15, 'text-anchor': 'end' }, stateLabel(state)),
        s('rect', { class: 'bar', x: labelW, y: y + 3, width: Math.max(n ? 2 : 0, (n / max) * barW), height: BAR_H - 6 }),
        s('text', { x: labelW + (n / max) * barW + 6, y: y + 15 }, String(n)),
      );
    }),
  );
}

async function openIncidents() {
  const counts = await Promise.all(
    ['timers', 'messages'].map((kind) =>
      api(`/incidents/${kind}?limit=200`).then((p) => ({ n: p.items.length, more: Boolean(p.nextCursor) })),
    ),
  );
  const n = counts.reduce((sum, c) => sum + c.n, 0);
  return counts.some((c) => c.more) ? `${n}+` : String(n);
}

export async function dashboardPage(main, params) {
  const planId = params.get('planId') ?? '';
  const now = new Date();
  const bureau = ['hr', 'committee', 'admin'].includes(session.actor.role);
  const [planList, definition, stats, publicities, incidents, lists] = await Promise.all([
    plans(),
    machine(),
    api(`/stats${query({ planId })}`),
    api(`/publicities${query({ planId, endsBefore: new Date(now.getTime() + DAYS * 86_400_000).toISOString(), limit: 20 })}`),
    openIncidents(),
    bureau ? publicityListsCard(planId) : null,
  ]);
  const counts = new Map(stats.items.map((i) => [i.state, i.count]));
  const select = planSelect('dash-plan', planList, planId, t('dash.allPlans'));
  select.addEventListener('change', () => {
    go(query({ planId: select.value }));
  });
  put(
    main,
    h('h1', {}, t('dash.title')),
    h('form', { class: 'row', onsubmit: (e) => e.preventDefault() }, h('label', { for: 'dash-plan' }, t('dash.plan'), select)),
    h(
      'div',
      { class: 'grid' },
      card(
        'counts',
        [t('dash.counts'), ' ', h('span', { class: 'muted' }, t('dash.total', { n: stats.total }))],
        chart(leafStates(definition.definition), counts),
      ),
      h(
        'div',
        {},
        card('incidents', t('dash.incidents'), h('p', { id: 'open-incidents', class: 'big' }, t('dash.incidentsCount', { n: incidents }))),
        card(
          'publicities',
          t('dash.publicities', { days: DAYS }),
          publicities.items.length === 0
            ? h('p', { class: 'muted' }, t('dash.none'))
            : h(
                'ul',
                {},
                publicities.items.map((p) =>
                  h(
                    'li',
                    {},
                    link(`applications/${p.applicationId}`, p.name ?? p.applicationId),
                    ` · ${stateLabel(p.state)} · ${planName(p.plan)} · ${t('col.ends')} ${when(p.endsAt)}`,
                    p.openObjections ? ` · ${t('col.objections')} ${p.openObjections}` : '',
                  ),
                ),
              ),
        ),
        lists,
      ),
    ),
  );
}
