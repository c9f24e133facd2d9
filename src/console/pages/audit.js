import { api, query } from '../api.js';
import { apiDocument } from '../forms.js';
import { eventLabel, stateLabel, t } from '../i18n.js';
import { link, problemBox, searchForm } from '../nav.js';
import { h, put, table, when } from '../ui.js';
import { planName, plans } from './common.js';

// The audit trail (admin): every admin or bureau action — who, when, on what and why — newest
// first, filtered by kind, paged to its end. Records are named as a clerk knows them.

/** A value of the details in words: events, states, roles and levels by their names, lists joined, changes as from → to. */
function valueText(value, key = '') {
  if (key === 'planId' && value) return planNames.get(value) ?? value;
  if (value === null || value === undefined || value === '') return t('audit.empty');
  if (typeof value === 'boolean') return value ? t('yes') : t('no');
  if (key === 'type' || key === 'eventType') return eventLabel(value);
  if (key === 'state' || key === 'from' || key === 'to') return typeof value === 'string' ? stateLabel(value) : String(value);
  if (key === 'role') return t(`role.${value}`);
  if (key === 'level') return t(`level.${value}`);
  if (key === 'event' && typeof value === 'object')
    return `${eventLabel(value.type)}${t('sep.colon')}${stateLabel(value.from)} → ${stateLabel(value.to)}`;
  // Lists of records (a plan's scoring items and routes) by their number; the plan's page has them.
  if (Array.isArray(value) && value.some((v) => v && typeof v === 'object')) return t('audit.count', { n: value.length });
  if (Array.isArray(value))
    return value.length
      ? value.map((v) => valueText(v, key === 'states' ? 'state' : key === 'eventTypes' ? 'type' : '')).join(t('sep.enum'))
      : t('audit.empty');
  if (typeof value === 'object') {
    if ('from' in value && 'to' in value && Object.keys(value).length === 2)
      return `${valueText(value.from, key)} → ${valueText(value.to, key)}`;
    return Object.entries(value)
      .map(([k, v]) => `${fieldLabel(k)}${t('sep.colon')}${valueText(v, k)}`)
      .join(t('sep.list'));
  }
  // Codes with a label of their own (unit types, education levels, seniorities…) are shown by it.
  return typeof value === 'string' && t(`value.${value}`) !== `value.${value}` ? t(`value.${value}`) : String(value);
}

/** Plan ids in the details, by the plans' names (filled when the page loads). */
let planNames = new Map();

const fieldLabel = (key) => (t(`audit.field.${key}`) === `audit.field.${key}` ? key : t(`audit.field.${key}`));

/** The record acted on, by the name a clerk knows: a plan by its name, an application as a link. */
function targetOf(entry, planList) {
  const [kind] = entry.action.split('.');
  if (kind === 'plan') {
    const plan = planList.find((p) => p.id === entry.target);
    return plan ? planName(plan) : entry.target;
  }
  if (kind === 'publicity' || kind === 'message' || kind === 'timer') {
    const application = entry.details.applicationId ?? (kind === 'publicity' ? entry.target : null);
    return application ? link(`applications/${application}`, t('audit.application')) : t(`audit.kind.${kind}`);
  }
  if (kind === 'ban') return link(`applications/${entry.details.applicationId}`, t('audit.banOf', { id: entry.details.idNumber }));
  if (kind === 'calendar') return t('audit.calendarYear', { year: entry.target });
  if (kind === 'unit') return entry.target;
  return t(`audit.kind.${kind}`);
}

export async function auditPage(main, params) {
  const action = params.get('action') ?? '';
  const cursor = params.get('cursor') ?? '';
  // The kinds of action as the API lists them for its `action` filter.
  const actions = (await apiDocument()).paths['/v1/audit'].get.parameters.find((p) => p.name === 'action').schema.enum;
  const choose = h(
    'select',
    { id: 'audit-action', name: 'action' },
    h('option', { value: '' }, t('bans.any')),
    actions.map((a) => h('option', { value: a, selected: a === action || undefined }, t(`audit.action.${a}`))),
  );
  put(
    main,
    h('h1', {}, t('audit.title')),
    searchForm(
      () => `audit${query({ action: choose.value })}`,
      h('label', { for: 'audit-action' }, t('audit.action'), choose),
      h('button', { class: 'primary', type: 'submit' }, t('bans.search')),
    ),
  );
  let entries;
  let planList;
  try {
    [entries, planList] = await Promise.all([api(`/audit${query({ action, cursor, limit: 50 })}`), plans()]);
  } catch (err) {
    put(main, problemBox(err));
    return;
  }
  planNames = new Map(planList.map((p) => [p.id, planName(p)]));
  // The application an entry concerns is the link in its target column.
  const shown = (details) => Object.fromEntries(Object.entries(details).filter(([k]) => k !== 'applicationId'));
  put(
    main,
    entries.items.length === 0
      ? h('p', { class: 'muted', id: 'audit-none' }, t('audit.none'))
      : table(
          { id: 'audit' },
          [t('audit.at'), t('audit.action'), t('audit.target'), t('audit.actor'), t('audit.reason'), t('audit.details')],
          entries.items.map((e) =>
            h(
              'tr',
              { 'data-id': e.id, 'data-action': e.action },
              h('td', {}, when(e.at)),
              h('td', {}, t(`audit.action.${e.action}`)),
              h('td', {}, targetOf(e, planList)),
              h('td', {}, e.actor),
              h('td', {}, e.reason ?? t('audit.empty')),
              h('td', { class: 'details' }, Object.keys(shown(e.details)).length ? valueText(shown(e.details)) : t('audit.empty')),
            ),
          ),
        ),
    entries.nextCursor ? h('p', {}, link(`audit${query({ action, cursor: entries.nextCursor })}`, t('find.next'))) : null,
  );
}
