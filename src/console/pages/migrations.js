import { api } from '../api.js';
import { confirmDialog } from '../confirm.js';
import { stateLabel, t } from '../i18n.js';
import { link, refusalsInto } from '../nav.js';
import { card, field, h, put, table, when } from '../ui.js';
import { definitionName, planName, planSelect, plans } from './common.js';
import { select } from './inputs.js';

// Moving applications to another definition (README "Changing the workflow"), admin only: a dry
// run says where each selected application would land or why it cannot move; applying it moves
// them, each as a recorded event, with a reason. Past runs are listed with their outcome.

export async function migrationsPage(main) {
  const [machine, planList, runs] = await Promise.all([api('/machine'), plans(), api('/migrations')]);
  const versions = machine.versions;
  const label = (v) => definitionName(versions.find((d) => String(d.version) === String(v)));
  const from = select(
    'from',
    versions.map((d) => String(d.version)),
    '1',
    { label },
  );
  const to = select(
    'to',
    versions.map((d) => String(d.version)),
    String(versions.at(-1).version),
    { label },
  );
  const plan = planSelect('migration-plan', planList, '', t('bans.any'));
  const reason = h('input', { name: 'reason', maxlength: 2000 });
  const out = h('div', { id: 'migration-out', 'aria-live': 'polite' });
  const request = () => ({ from: Number(from.value), to: Number(to.value), ...(plan.value ? { planId: plan.value } : {}) });
  const outcome = (items) =>
    items.length
      ? table(
          { id: 'migration-items' },
          [t('migrations.application'), t('migrations.state'), t('migrations.outcome')],
          items.map((i) =>
            h(
              'tr',
              { 'data-id': i.id, 'data-outcome': i.outcome },
              h('td', {}, link(`applications/${i.id}`, t('audit.application'))),
              h('td', {}, stateLabel(i.state)),
              h(
                'td',
                {},
                i.outcome === 'blocked'
                  ? t('migrations.blocked', { reason: i.reason })
                  : t(`migrations.${i.outcome}`, { to: stateLabel(i.to ?? i.state) }),
              ),
            ),
          ),
        )
      : h('p', { class: 'muted' }, t('migrations.nothing'));
  const act = (run) => refusalsInto(out, run);
  const runsOf = (runs) =>
    card(
      'runs',
      t('migrations.runs'),
      runs.items.length
        ? table(
            { id: 'migration-runs' },
            [t('audit.at'), t('migrations.versions'), t('col.plan'), t('audit.actor'), t('audit.reason'), t('migrations.result')],
            runs.items.map((r) =>
              h(
                'tr',
                { 'data-id': r.id },
                h('td', {}, when(r.requestedAt)),
                h('td', {}, `${label(r.fromVersion)} → ${label(r.toVersion)}`),
                h(
                  'td',
                  {},
                  r.planId
                    ? planList.find((p) => p.id === r.planId)
                      ? planName(planList.find((p) => p.id === r.planId))
                      : r.planId
                    : t('bans.any'),
                ),
                h('td', {}, r.requestedBy),
                h('td', {}, r.reason),
                h('td', {}, r.finishedAt ? t('migrations.done', { moved: r.moved, blocked: r.blocked }) : t('migrations.unfinished')),
              ),
            ),
          )
        : h('p', { class: 'muted' }, t('migrations.none')),
    );
  let runsCard = runsOf(runs);
  const dryRun = act(async () => {
    const { items } = await api('/migrations/dry-run', { method: 'POST', body: request() });
    out.replaceChildren(h('h3', {}, t('migrations.dryRunTitle', { n: items.length })), outcome(items));
  });
  const apply = act(async () => {
    const { items } = await api('/migrations/dry-run', { method: 'POST', body: request() });
    const moving = items.filter((i) => i.outcome === 'wouldMove').length;
    const confirmed = await confirmDialog({
      title: t('migrations.apply'),
      message: t('migrations.confirm', { n: moving, from: label(from.value), to: label(to.value) }),
      typed: String(moving),
      confirmText: t('migrations.apply'),
    });
    if (!confirmed) return;
    const run = await api('/migrations', { method: 'POST', body: { ...request(), reason: reason.value.trim() } });
    out.replaceChildren(h('h3', {}, t('migrations.done', { moved: run.moved, blocked: run.blocked })), outcome(run.items));
    const fresh = runsOf(await api('/migrations'));
    runsCard.replaceWith(fresh);
    runsCard = fresh;
  });
  put(
    main,
    h('h1', {}, t('migrations.title')),
    h('p', { class: 'muted' }, t('migrations.hint')),
    card(
      'migrate',
      t('migrations.select'),
      h(
        'form',
        { class: 'row', id: 'migration-form', onsubmit: (e) => e.preventDefault() },
        field(t('migrations.from'), from),
        field(t('migrations.to'), to),
        h('label', { for: 'migration-plan' }, t('col.plan'), plan),
        field(t('inc.reason'), reason),
        h('button', { type: 'button', id: 'dry-run', onclick: dryRun }, t('migrations.dryRun')),
        h('button', { type: 'button', class: 'primary', id: 'apply', onclick: apply }, t('migrations.apply')),
      ),
      out,
    ),
    runsCard,
  );
}
