import { api, Problem } from '../api.js';
import { t } from '../i18n.js';
import { problemBox } from '../nav.js';
import { card, field, h } from '../ui.js';
import { check, date, number, rows, select } from './inputs.js';

// The applicant's draft as forms (issue 27, item 7): a section per part of the facts, rows for
// hours, assessments and achievements (its files: upload.js).
// Saving sends the whole facts object as UPDATE_DRAFT, so the server's rules see one edit.

const choices = {
  retirementCategory: ['male60', 'female55', 'female50'],
  unitType: ['enterprise', 'publicInstitution', 'civilService', 'civilServiceManaged'],
  educationLevel: ['belowSecondary', 'secondary', 'juniorCollege', 'bachelor', 'secondBachelor', 'master', 'doctorate'],
  origin: ['domestic', 'abroad', 'hkMacaoTaiwan'],
  assessment: ['excellent', 'competent', 'basicallyCompetent', 'incompetent'],
  skill: ['seniorWorker', 'technician', 'seniorTechnician'],
};

const labelled = (text, control) => field(text, control);

/** The facts the form holds, in the API's shape: empty dates are null, numbers are numbers. */
function factsOf(form, plan) {
  const v = (name) => form.elements.namedItem(name)?.value ?? '';
  const on = (name) => Boolean(form.elements.namedItem(name)?.checked);
  const orNull = (name) => v(name) || null;
  const cellsOf = (id) => [...form.querySelectorAll(`tr[data-row="${id}"]`)].map((tr) => (name) => tr.querySelector(`[name="${name}"]`));
  return {
    name: v('name').trim(),
    birthDate: v('birthDate'),
    retirementCategory: v('retirementCategory'),
    retirementExtensionApproved: on('retirementExtensionApproved'),
    unitType: v('unitType'),
    unitInCixi: on('unitInCixi'),
    postedToBranchElsewhere: on('postedToBranchElsewhere'),
    socialInsuranceSince: orNull('socialInsuranceSince'),
    socialInsuranceOnRecord: on('socialInsuranceOnRecord'),
    postVacancy: on('postVacancy'),
    education: {
      level: v('educationLevel'),
      graduatedOn: v('graduatedOn'),
      origin: v('origin'),
      proof: { systemExtracted: on('systemExtracted') },
    },
    engineeringWorkSince: orNull('engineeringWorkSince'),
    assistantEngineerSince: orNull('assistantEngineerSince'),
    registeredQualificationSince: orNull('registeredQualificationSince'),
    qualificationAppointedSince: orNull('qualificationAppointedSince'),
    skill: v('skillLevel') ? { level: v('skillLevel'), certifiedOn: v('skillCertifiedOn') } : null,
    continuingEducation: cellsOf('draft-continuing').map((c) => ({
      year: Number(c('year').value),
      publicHours: Number(c('publicHours').value),
      professionalHours: Number(c('professionalHours').value),
      onRecord: c('onRecord').checked,
    })),
    annualAssessments: cellsOf('draft-assessments').map((c) => ({ year: Number(c('year').value), result: c('result').value })),
    achievements:
      plan.level === 'junior'
        ? cellsOf('draft-achievements').map((c) => ({
            itemId: c('itemId').value,
            achievedOn: c('achievedOn').value,
            specialty: c('specialty').value.trim(),
          }))
        : [],
  };
}

/** The draft's facts as a form; saving sends UPDATE_DRAFT and redraws the page with the answer. */
export function draftForm(view, redraw) {
  const f = view.context.facts;
  const plan = view.context.plan;
  const year = plan.year;
  const fieldset = (key, ...children) =>
    h('fieldset', { 'data-section': key }, h('legend', {}, t(`sec.${key}`)), h('div', { class: 'row' }, children));
  const form = h(
    'form',
    {
      id: 'draft-form',
      class: 'editor',
      onsubmit: async (e) => {
        e.preventDefault();
        try {
          await api(`/applications/${view.id}/events`, {
            method: 'POST',
            headers: { 'if-match': String(view.version), 'idempotency-key': crypto.randomUUID() },
            body: { type: 'UPDATE_DRAFT', facts: factsOf(form, plan) },
          });
          await redraw(h('p', { class: 'notice', role: 'status' }, t('draft.saved')));
        } catch (err) {
          if (!(err instanceof Problem) || err.status >= 500) throw err;
          status.replaceChildren(problemBox(err));
          status.focus();
        }
      },
    },
    fieldset(
      'basic',
      labelled(t('fact.name'), h('input', { name: 'name', value: f.name, required: true, maxlength: 100 })),
      labelled(t('fact.birthDate'), date('birthDate', f.birthDate, true)),
      labelled(t('fact.retirementCategory'), select('retirementCategory', choices.retirementCategory, f.retirementCategory)),
      check('retirementExtensionApproved', f.retirementExtensionApproved, t('fact.retirementExtensionApproved')),
    ),
    fieldset(
      'post',
      labelled(t('fact.unitType'), select('unitType', choices.unitType, f.unitType)),
      check('unitInCixi', f.unitInCixi, t('fact.unitInCixi')),
      check('postVacancy', f.postVacancy, t('fact.postVacancy')),
    ),
    fieldset(
      'insurance',
      labelled(t('fact.socialInsuranceSince'), date('socialInsuranceSince', f.socialInsuranceSince)),
      check('postedToBranchElsewhere', f.postedToBranchElsewhere, t('fact.postedToBranchElsewhere')),
      check('socialInsuranceOnRecord', f.socialInsuranceOnRecord ?? !f.postedToBranchElsewhere, t('fact.socialInsuranceOnRecord')),
    ),
    fieldset(
      'education',
      labelled(t('fact.educationLevel'), select('educationLevel', choices.educationLevel, f.education.level)),
      labelled(t('fact.graduatedOn'), date('graduatedOn', f.education.graduatedOn, true)),
      labelled(t('fact.origin'), select('origin', choices.origin, f.education.origin)),
      check('systemExtracted', f.education.proof?.systemExtracted, t('fact.systemExtracted')),
    ),
    fieldset(
      'career',
      labelled(t('fact.engineeringWorkSince'), date('engineeringWorkSince', f.engineeringWorkSince)),
      labelled(t('fact.assistantEngineerSince'), date('assistantEngineerSince', f.assistantEngineerSince)),
      labelled(t('fact.registeredQualificationSince'), date('registeredQualificationSince', f.registeredQualificationSince)),
      labelled(t('fact.qualificationAppointedSince'), date('qualificationAppointedSince', f.qualificationAppointedSince)),
      labelled(t('fact.skillLevel'), select('skillLevel', choices.skill, f.skill?.level, { none: true })),
      labelled(t('fact.skillCertifiedOn'), date('skillCertifiedOn', f.skill?.certifiedOn)),
    ),
    h(
      'fieldset',
      { 'data-section': 'continuing' },
      h('legend', {}, t('sec.continuing')),
      rows(
        'draft-continuing',
        [t('col.year'), t('col.publicHours'), t('col.professionalHours'), t('col.onRecord')],
        f.continuingEducation,
        (c) => [
          number('year', c.year, { min: 1990, max: 2100, 'aria-label': t('col.year') }),
          number('publicHours', c.publicHours, { 'aria-label': t('col.publicHours') }),
          number('professionalHours', c.professionalHours, { 'aria-label': t('col.professionalHours') }),
          h('input', { type: 'checkbox', name: 'onRecord', checked: c.onRecord || undefined, 'aria-label': t('col.onRecord') }),
        ],
        () => ({ year, publicHours: 0, professionalHours: 0, onRecord: true }),
      ),
    ),
    h(
      'fieldset',
      { 'data-section': 'assessments' },
      h('legend', {}, t('sec.assessments')),
      rows(
        'draft-assessments',
        [t('col.year'), t('col.result')],
        f.annualAssessments,
        (a) => [
          number('year', a.year, { min: 1990, max: 2100, 'aria-label': t('col.year') }),
          h('span', {}, select('result', choices.assessment, a.result, { ariaLabel: t('col.result') })),
        ],
        () => ({ year: year - 1, result: 'competent' }),
      ),
    ),
    plan.level === 'junior'
      ? h(
          'fieldset',
          { 'data-section': 'achievements' },
          h('legend', {}, t('sec.achievements')),
          rows(
            'draft-achievements',
            [t('col.item'), t('col.achievedOn'), t('col.specialty')],
            f.achievements,
            (a) => [
              select(
                'itemId',
                plan.scoringItems.map((i) => i.id),
                a.itemId,
                {
                  label: (id) => {
                    const item = plan.scoringItems.find((i) => i.id === id);
                    return t('draft.item', { name: item.name, points: item.points });
                  },
                  ariaLabel: t('col.item'),
                },
              ),
              date('achievedOn', a.achievedOn, true, t('col.achievedOn')),
              h('input', { name: 'specialty', value: a.specialty, required: true, maxlength: 64, 'aria-label': t('col.specialty') }),
            ],
            () => ({ itemId: plan.scoringItems[0]?.id, achievedOn: '', specialty: plan.specialty }),
          ),
        )
      : null,
    h('div', { class: 'actions' }, h('button', { class: 'primary', type: 'submit' }, t('draft.save'))),
  );
  const status = h('div', { tabindex: '-1', 'aria-live': 'polite' });
  return card('draft', t('draft.title'), h('p', { class: 'muted' }, t('draft.hint')), form, status);
}
