import { api, query, session } from '../api.js';
import { stateLabel, t } from '../i18n.js';
import { go, link } from '../nav.js';
import { pager } from '../pager.js';
import { card, h, put, s } from '../ui.js';
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

/** How many incidents of each kind the incidents page lists (each list's own total). */
async function openIncidents() {
  const [timers, messages, idle] = await Promise.all(
    ['timers', 'messages', 'idle'].map((kind) => api(`/incidents/${kind}?limit=1`).then((p) => p.total)),
  );
  return { timers, messages, idle, total: timers + messages + idle };
}

/** A publicity as the dashboard lists it: who, which publicity, its days as the publicity lists print them. */
const publicityItem = (p) =>
  h(
    'li',
    { 'data-id': p.applicationId, 'data-kind': p.kind, 'data-last-day': p.lastDay },
    link(`applications/${p.applicationId}`, p.name ?? p.applicationId),
    ` · ${t(`pub.${p.kind}`)} ${t('pub.period', { start: p.start, end: p.lastDay })} · ${planName(p.plan)}`,
    p.openObjections ? ` · ${t('col.objections')} ${p.openObjections}` : '',
  );

export async function dashboardPage(main, params) {
  const planId = params.get('planId') ?? '';
  const now = new Date();
  const staff = ['hr', 'committee', 'admin'].includes(session.actor.role);
  const publicitiesUrl = `/publicities${query({ planId, endsBefore: new Date(now.getTime() + DAYS * 86_400_000).toISOString(), limit: 20 })}`;
  const [planList, definition, stats, publicities, incidents, lists] = await Promise.all([
    plans(),
    machine(),
    api(`/stats${query({ planId })}`),
    api(publicitiesUrl),
    openIncidents(),
    staff ? publicityListsCard(planId) : null,
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
        card(
          'incidents',
          t('dash.incidents'),
          h('p', { id: 'open-incidents', class: 'big', 'data-count': incidents.total }, t('dash.incidentsCount', { n: incidents.total })),
          h('p', { class: 'muted' }, t('dash.incidentKinds', incidents), ' ', link('incidents', t('dash.openIncidents'))),
        ),
        publicitiesCard(publicities, publicitiesUrl),
        lists,
      ),
    ),
  );
}

function publicitiesCard(publicities, url) {
  const title = t('list.count', { title: t('dash.publicities', { days: DAYS }), n: publicities.total });
  if (publicities.items.length === 0) return card('publicities', title, h('p', { class: 'muted' }, t('dash.none')));
  const list = h('ul', { id: 'ending-publicities' }, publicities.items.map(publicityItem));
  return card(
    'publicities',
    title,
    list,
    pager(publicities, url, list, (items) => items.map(publicityItem)),
  );
}
