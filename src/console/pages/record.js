import { lang, t } from '../i18n.js';
import { card, h, table, when } from '../ui.js';
import { processCards } from './record-process.js';
import { actorName, dl, orNone, valueLabel, yesNo } from './record-text.js';

// What a reviewer decides on, read from the application's context and its history: every
// fact in labelled sections with its verification (who, when, note), the opinions, both
// platform publicities with their objections, the interview, the fee, the paper copies.
// The context keeps only the last remark and the current publicity; the history keeps who
// did what and when, so both are read.

const unitVerified = new Set(['socialInsurance', 'post']);

/** `planList`: every plan, for the names of scoring items the application's own plan does not list. */
export function recordCards(view, history, unitName, planList = []) {
  const { context } = view;
  const f = context.facts;
  const by = (e) => actorName(e.actor, view, unitName);
  const required = new Set(requiredVerifications(f, context.plan));
  const verification = (fact) => {
    const done = context.verifications?.[fact];
    if (done) {
      const event = history.items.findLast(
        (e) => (e.type === 'UNIT_VERIFY_FACT' || e.type === 'HR_VERIFY_FACT') && e.payload.fact === fact,
      );
      return h(
        'p',
        { class: 'verified', 'data-fact': fact, 'data-verified': 'true' },
        t('verify.done', { who: event ? by(event) : '', at: when(done.at), note: done.note }),
      );
    }
    return h(
      'p',
      { class: required.has(fact) ? 'warn' : 'muted', 'data-fact': fact, 'data-verified': 'false' },
      required.has(fact) ? t('verify.pending', { by: t(`verify.by.${unitVerified.has(fact) ? 'unit' : 'hr'}`) }) : t('verify.notRequired'),
    );
  };

  const itemName = (id) =>
    context.plan.scoringItems?.find((i) => i.id === id) ?? planList.flatMap((p) => p.scoringItems ?? []).find((i) => i.id === id);
  const sections = h(
    'div',
    { class: 'grid', id: 'record' },
    card(
      'sec-education',
      t('sec.education'),
      dl([
        [t('fact.educationLevel'), valueLabel(f.education.level)],
        [t('fact.graduatedOn'), f.education.graduatedOn],
        [t('fact.origin'), valueLabel(f.education.origin)],
        [t('fact.systemExtracted'), yesNo(f.education.proof?.systemExtracted)],
      ]),
      verification('education'),
    ),
    card(
      'sec-insurance',
      t('sec.insurance'),
      dl([
        [t('fact.socialInsuranceSince'), orNone(f.socialInsuranceSince)],
        [t('fact.unitInCixi'), yesNo(f.unitInCixi)],
        [t('fact.postedToBranchElsewhere'), yesNo(f.postedToBranchElsewhere)],
        // Taken as read from the local record unless the applicant is posted to a branch elsewhere (五(三)).
        [t('fact.socialInsuranceOnRecord'), yesNo(f.socialInsuranceOnRecord ?? !f.postedToBranchElsewhere)],
      ]),
      verification('socialInsurance'),
    ),
    card(
      'sec-post',
      t('sec.post'),
      dl([
        [t('fact.unitType'), valueLabel(f.unitType)],
        [t('fact.postVacancy'), yesNo(f.postVacancy)],
        [t('fact.retirementCategory'), valueLabel(f.retirementCategory)],
        [t('fact.birthDate'), f.birthDate],
        [t('fact.retirementExtensionApproved'), yesNo(f.retirementExtensionApproved)],
      ]),
      verification('post'),
    ),
    card(
      'sec-career',
      t('sec.career'),
      dl([
        [t('fact.engineeringWorkSince'), orNone(f.engineeringWorkSince)],
        [t('fact.assistantEngineerSince'), orNone(f.assistantEngineerSince)],
        [t('fact.registeredQualificationSince'), orNone(f.registeredQualificationSince)],
        [t('fact.qualificationAppointedSince'), orNone(f.qualificationAppointedSince)],
      ]),
    ),
    f.skill &&
      card(
        'sec-skill',
        t('sec.skill'),
        dl([
          [t('fact.skillLevel'), valueLabel(f.skill.level)],
          [t('fact.skillCertifiedOn'), f.skill.certifiedOn],
        ]),
        verification('skill'),
      ),
    card(
      'sec-continuing',
      t('sec.continuing'),
      f.continuingEducation.length
        ? table(
            { id: 'continuing' },
            [t('col.year'), t('col.publicHours'), t('col.professionalHours'), t('col.onRecord')],
            f.continuingEducation.map((c) =>
              h(
                'tr',
                {},
                h('td', {}, String(c.year)),
                h('td', {}, String(c.publicHours)),
                h('td', {}, String(c.professionalHours)),
                h('td', {}, yesNo(c.onRecord)),
              ),
            ),
          )
        : h('p', { class: 'muted' }, t('fact.none')),
      verification('continuingEducation'),
    ),
    card(
      'sec-assessments',
      t('sec.assessments'),
      f.annualAssessments.length
        ? table(
            { id: 'assessments' },
            [t('col.year'), t('col.result')],
            f.annualAssessments.map((a) => h('tr', {}, h('td', {}, String(a.year)), h('td', {}, valueLabel(a.result)))),
          )
        : h('p', { class: 'muted' }, t('fact.none')),
    ),
    card(
      'sec-achievements',
      t('sec.achievements'),
      f.achievements.length
        ? table(
            { id: 'achievements' },
            [t('col.item'), t('col.points'), t('col.achievedOn'), t('col.specialty')],
            f.achievements.map((a) => {
              const item = itemName(a.itemId);
              return h(
                'tr',
                {},
                h('td', {}, item?.name ?? t('fact.unknownItem')),
                h('td', {}, item ? String(item.points) : ''),
                h('td', {}, a.achievedOn),
                h('td', {}, a.specialty),
              );
            }),
          )
        : h('p', { class: 'muted' }, t('fact.none')),
    ),
    context.warnings?.length
      ? card(
          'sec-warnings',
          t('sec.warnings'),
          h(
            'ul',
            {},
            context.warnings.map((w) =>
              h('li', {}, `${w.message?.[lang()] ?? w.message?.zh}${t('paren', { text: t('problem.clause', { clause: w.clause }) })}`),
            ),
          ),
        )
      : null,
  );

  return [sections, processCards(view, history, by)];
}

/** SPEC §9: what must be verified before the audit approves (machines/rules/verification.ts, mirrored for display). */
function requiredVerifications(facts, plan) {
  return [
    'socialInsurance',
    ...(facts.unitType === 'publicInstitution' ? ['post'] : []),
    'education',
    ...(plan.level === 'intermediate' ? ['continuingEducation'] : []),
    ...(facts.skill && plan.skilledRoutes?.length ? ['skill'] : []),
  ];
}
