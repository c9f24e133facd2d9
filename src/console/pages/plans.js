import { api, Problem, session } from '../api.js';
import { t } from '../i18n.js';
import { problemBox, reload } from '../nav.js';
import { card, field, h, put, table, when } from '../ui.js';
import { planName } from './common.js';
import { date, number, rows, select } from './inputs.js';

// Review plans: each with the definition it runs, its window, fee and deadlines, and the
// conditions its rules read (附件2's scoring items, 附件1's routes, 一(二)'s skilled routes). The
// admin creates a plan, and changes a window or fee with a reason; every change is listed.

const EDUCATION = ['belowSecondary', 'secondary', 'juniorCollege', 'bachelor', 'secondBachelor', 'master', 'doctorate'];
const SENIORITY = ['engineering', 'assistantEngineer'];
const SKILL = ['seniorWorker', 'technician', 'seniorTechnician'];

/** A plan's conditions in words. */
function conditions(plan) {
  const lines = [
    ...plan.scoringItems.map((i) => t('plans.item', { name: i.name, points: i.points })),
    ...plan.intermediateRoutes.map((r) =>
      t('plans.route', { education: t(`value.${r.education}`), seniority: t(`value.${r.seniority}`), years: r.years }),
    ),
    ...(plan.skilledRoutes ?? []).map((r) => t('plans.skilled', { level: t(`value.${r.skillLevel}`), years: r.years })),
  ];
  return lines.length
    ? h(
        'ul',
        { class: 'plain' },
        lines.map((l) => h('li', {}, l)),
      )
    : t('audit.empty');
}

export async function plansPage(main) {
  const [list, machine] = await Promise.all([api('/plans'), api('/machine')]);
  const newest = list.items.slice().sort((a, b) => b.year - a.year || b.createdAt.localeCompare(a.createdAt));
  const admin = session.actor.role === 'admin';
  put(
    main,
    h('h1', {}, t('plans.title')),
    table(
      { id: 'plans' },
      [t('col.plan'), t('plans.window'), t('plans.fee'), t('plans.deadlines'), t('plans.conditions'), t('plans.created')],
      newest.map((p) =>
        h(
          'tr',
          { 'data-id': p.id },
          h('td', {}, planName(p)),
          h('td', {}, `${p.opensAt} – ${p.closesAt}`),
          h('td', {}, t('plans.yuan', { fee: p.fee })),
          h('td', {}, t('plans.deadlineText', { fee: p.feeDeadlineDays, paper: p.paperDeadlineDays, resubmit: p.resubmitWorkingDays })),
          h('td', {}, conditions(p)),
          h('td', {}, `${p.createdBy} · ${when(p.createdAt)}`, admin ? editPlan(p) : null, history(p)),
        ),
      ),
    ),
    admin ? createForm(machine.versions) : null,
  );
}

/** The plan's changes, who made them, when and why, opened on demand. */
function history(plan) {
  const list = h('ul', { class: 'plain' });
  return h(
    'details',
    {
      'data-history': plan.id,
      ontoggle: async (e) => {
        if (!e.target.open || list.dataset.loaded) return;
        const { items } = await api(`/plans/${plan.id}/history`);
        list.dataset.loaded = 'true';
        list.replaceChildren(
          ...(items.length
            ? items.map((c) =>
                h(
                  'li',
                  {},
                  `${when(c.at)} · ${c.actor}${t('sep.colon')}`,
                  Object.entries(c.details.changes ?? {})
                    .map(([k, v]) => `${t(`plans.field.${k}`)} ${v.from} → ${v.to}`)
                    .join(t('sep.list')),
                  h('br'),
                  h('span', { class: 'muted' }, `${t('audit.reason')}${t('sep.colon')}${c.reason}`),
                ),
              )
            : [h('li', { class: 'muted' }, t('plans.noChanges'))]),
        );
      },
    },
    h('summary', {}, t('plans.history')),
    list,
  );
}

/** The admin changes the window or the fee, with a reason; open applications follow it. */
function editPlan(plan) {
  const out = h('div', { 'aria-live': 'polite' });
  const form = h(
    'form',
    {
      class: 'row editor',
      'data-edit': plan.id,
      onsubmit: async (e) => {
        e.preventDefault();
        const v = (name) => form.elements.namedItem(name).value.trim();
        const change = Object.fromEntries(
          [
            ['opensAt', v('opensAt'), plan.opensAt],
            ['closesAt', v('closesAt'), plan.closesAt],
            ['fee', v('fee') === '' ? '' : Number(v('fee')), plan.fee],
          ]
            .filter(([, value, was]) => value !== '' && value !== was)
            .map(([k, value]) => [k, value]),
        );
        try {
          await api(`/plans/${plan.id}`, { method: 'PATCH', body: { ...change, reason: v('reason') } });
          reload();
        } catch (err) {
          if (!(err instanceof Problem) || err.status >= 500) throw err;
          out.replaceChildren(problemBox(err));
        }
      },
    },
    field(t('plans.opensAt'), date('opensAt', plan.opensAt, true)),
    field(t('plans.closesAt'), date('closesAt', plan.closesAt, true)),
    field(t('plans.fee'), number('fee', plan.fee, { max: 100000 })),
    field(t('inc.reason'), h('input', { name: 'reason', required: true, maxlength: 2000 })),
    h('button', { class: 'primary', type: 'submit' }, t('plans.save')),
    out,
  );
  return h('details', {}, h('summary', {}, t('plans.edit')), form);
}

/** A new plan: its terms, the definition it runs (the notice's own unless another is chosen), and its conditions. */
function createForm(definitions) {
  const out = h('div', { 'aria-live': 'polite' });
  const definitionLabel = (version) => {
    const d = definitions.find((x) => String(x.version) === String(version));
    return t(`definition.${d.kind}`, d);
  };
  const form = h(
    'form',
    {
      id: 'plan-form',
      class: 'editor',
      onsubmit: async (e) => {
        e.preventDefault();
        const v = (name) => form.elements.namedItem(name).value.trim();
        const cells = (id) =>
          [...form.querySelectorAll(`tr[data-row="${id}"]`)].map((tr) => (name) => tr.querySelector(`[name="${name}"]`).value);
        const optional = (name) => (v(name) === '' ? {} : { [name]: Number(v(name)) });
        const body = {
          year: Number(v('year')),
          level: v('level'),
          specialty: v('specialty'),
          opensAt: v('opensAt'),
          closesAt: v('closesAt'),
          definitionVersion: Number(v('definitionVersion')),
          ...optional('fee'),
          ...optional('feeDeadlineDays'),
          ...optional('paperDeadlineDays'),
          scoringItems: cells('plan-items').map((c, i) => ({ id: `item-${i + 1}`, name: c('name').trim(), points: Number(c('points')) })),
          intermediateRoutes: cells('plan-routes').map((c) => ({
            education: c('education'),
            seniority: c('seniority'),
            years: Number(c('years')),
          })),
          skilledRoutes: cells('plan-skilled').map((c) => ({ skillLevel: c('skillLevel'), years: Number(c('years')) })),
        };
        try {
          await api('/plans', { method: 'POST', headers: { 'idempotency-key': crypto.randomUUID() }, body });
          reload();
        } catch (err) {
          if (!(err instanceof Problem) || err.status >= 500) throw err;
          out.replaceChildren(problemBox(err));
          out.focus();
        }
      },
    },
    h(
      'div',
      { class: 'row' },
      field(t('audit.field.year'), number('year', new Date().getFullYear(), { min: 2000, max: 2100 })),
      field(t('audit.field.level'), select('level', ['junior', 'intermediate'], 'intermediate', { label: (l) => t(`level.${l}`) })),
      field(t('audit.field.specialty'), h('input', { name: 'specialty', required: true, maxlength: 64 })),
      field(t('plans.opensAt'), date('opensAt', '', true)),
      field(t('plans.closesAt'), date('closesAt', '', true)),
      field(
        t('plans.definition'),
        select(
          'definitionVersion',
          definitions.map((d) => String(d.version)),
          '1',
          { label: definitionLabel },
        ),
      ),
      field(t('plans.feeDefault'), number('fee', '', { max: 100000, required: false })),
      field(t('audit.field.feeDeadlineDays'), number('feeDeadlineDays', '', { min: 1, max: 90, required: false })),
      field(t('audit.field.paperDeadlineDays'), number('paperDeadlineDays', '', { min: 1, max: 90, required: false })),
    ),
    h('h3', {}, t('audit.field.scoringItems')),
    rows(
      'plan-items',
      [t('audit.field.name'), t('audit.field.points')],
      [],
      (i) => [
        h('input', { name: 'name', value: i.name, required: true, maxlength: 200, 'aria-label': t('audit.field.name') }),
        number('points', i.points, { max: 1000, 'aria-label': t('audit.field.points') }),
      ],
      () => ({ name: '', points: 0 }),
    ),
    h('h3', {}, t('audit.field.intermediateRoutes')),
    rows(
      'plan-routes',
      [t('audit.field.education'), t('audit.field.seniority'), t('audit.field.years')],
      [],
      (r) => [
        h('span', {}, select('education', EDUCATION, r.education)),
        h('span', {}, select('seniority', SENIORITY, r.seniority)),
        number('years', r.years, { max: 50, 'aria-label': t('audit.field.years') }),
      ],
      () => ({ education: 'bachelor', seniority: 'assistantEngineer', years: 4 }),
    ),
    h('h3', {}, t('audit.field.skilledRoutes')),
    rows(
      'plan-skilled',
      [t('audit.field.skillLevel'), t('audit.field.years')],
      [],
      (r) => [
        h('span', {}, select('skillLevel', SKILL, r.skillLevel)),
        number('years', r.years, { max: 50, 'aria-label': t('audit.field.years') }),
      ],
      () => ({ skillLevel: 'technician', years: 3 }),
    ),
    h('p', { class: 'muted' }, t('plans.samplesNote')),
    h('div', { class: 'actions' }, h('button', { class: 'primary', type: 'submit' }, t('plans.create'))),
    out,
  );
  return card('create-plan', t('plans.create'), form);
}
