import { eventLabel, lang, t } from '../i18n.js';
import { fieldLabel } from '../problems.js';
import { card, h, lastDay, shanghaiDate, table, when } from '../ui.js';

// What a reviewer decides on, read from the application's context and its history: every
// fact in labelled sections with its verification (who, when, note), the opinions, both
// platform publicities with their objections, the interview, the fee, the paper copies.
// The context keeps only the last remark and the current publicity; the history keeps who
// did what and when, so both are read.

const unitVerified = new Set(['socialInsurance', 'post']);

/** A word for a coded value (education level, assessment result…), the code itself never shown when a word exists. */
export const valueLabel = (v) => (t(`value.${v}`) === `value.${v}` ? String(v) : t(`value.${v}`));
const yesNo = (v) => t(v ? 'yes' : 'no');
const orNone = (v) => (v === null || v === undefined || v === '' ? t('fact.none') : v);

/** Who sent an event: the role in words and the person (the applicant by name, a unit by its name). */
export function actorName(actor, view, unitName) {
  if (!actor) return '';
  if (actor.role === 'system') return t('role.system');
  const name =
    actor.role === 'applicant' && actor.sub === view.idNumber
      ? view.context.facts.name
      : actor.role === 'unit' && actor.unitId === view.unitId && unitName
        ? `${unitName}${t('paren', { text: actor.sub })}`
        : actor.sub;
  return t('app.who', { role: t(`role.${actor.role}`), name });
}

const dl = (pairs) =>
  h(
    'dl',
    { class: 'facts' },
    pairs.filter(Boolean).map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]),
  );

/** `planList`: every plan, for the names of scoring items the application's own plan does not list. */
export function recordCards(view, history, unitName, planList = []) {
  const { context } = view;
  const f = context.facts;
  const by = (e) => actorName(e.actor, view, unitName);
  const events = (...types) => history.items.filter((e) => types.includes(e.type));
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
      required.has(fact)
        ? t('verify.pending', { by: t(`verify.by.${unitVerified.has(fact) ? 'unit' : 'bureau'}`) })
        : t('verify.notRequired'),
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

  // Opinions: the unit's, the bureau's, the committee's, and findings, each with who and when.
  const opinion = (e) =>
    h(
      'li',
      { 'data-type': e.type, 'data-seq': e.seq },
      t('op.entry', { event: eventLabel(e.type), text: remarkText(e) || t('fact.none') }),
      ' ',
      h('span', { class: 'muted' }, t('paren', { text: t('op.by', { who: by(e), at: when(e.at) }) })),
    );
  const opinionGroup = (id, title, list) =>
    h('div', { id }, h('h3', {}, title), list.length ? h('ul', {}, list.map(opinion)) : h('p', { class: 'muted' }, t('op.none')));
  const opinions = card(
    'sec-opinions',
    t('sec.opinions'),
    opinionGroup('op-unit', t('op.unit'), events('RETURN_TO_APPLICANT', 'UNIT_APPROVE', 'UNIT_REQUEST_SUPPLEMENT')),
    opinionGroup('op-bureau', t('op.bureau'), events('AUDIT_APPROVE', 'AUDIT_REJECT', 'HR_REQUEST_SUPPLEMENT', 'EXTEND_DEADLINE')),
    opinionGroup('op-committee', t('op.committee'), events('REVIEW_PASS', 'REVIEW_FAIL')),
    events('FLAG_FALSIFIED', 'REVOKE').length ? opinionGroup('op-findings', t('op.findings'), events('FLAG_FALSIFIED', 'REVOKE')) : null,
  );

  const publicities = card('sec-publicities', t('sec.publicities'), publicityList(view, history, by));
  const process = h(
    'div',
    { class: 'grid' },
    opinions,
    publicities,
    card('sec-interview', t('sec.interview'), interviewOf(view, history, by)),
    card('sec-fee', t('sec.fee'), feeOf(view, history, by)),
    card('sec-paper', t('sec.paper'), paperOf(view, history, by)),
  );
  return [sections, process];
}

/** Both platform publicities (and the unit's own): their dates and objections, each with who raised it and how it ended. */
function publicityList(view, history, by) {
  const { context } = view;
  const items = history.items;
  const unitStart = items.findLast((e) => e.type === 'START_UNIT_PUBLICITY');
  const rows = [];
  rows.push(
    h(
      'li',
      { 'data-stage': 'unit' },
      h('strong', {}, t('pub.unit')),
      t('sep.colon'),
      // endsOn is the day after the unit's publicity: it ends at that day's 00:00 in Shanghai.
      unitStart
        ? t('pub.period', { start: unitStart.payload.startDate, end: lastDay(`${unitStart.payload.endsOn}T00:00:00+08:00`) })
        : t('pub.notStarted'),
    ),
  );
  // A platform publicity starts with PAPER_RECEIVED (pre-review) or REVIEW_PASS (post-review);
  // its objections are those raised while in it, resolved in the order raised.
  for (const [stage, state, startType] of [
    ['qualification', 'qualificationPublicity', 'PAPER_RECEIVED'],
    ['result', 'resultPublicity', 'REVIEW_PASS'],
  ]) {
    const start = items.findLast((e) => e.type === startType && e.to === state);
    const current = view.state === state;
    const raised = items.filter((e) => e.type === 'RAISE_OBJECTION' && e.from === state && (!start || e.seq > start.seq));
    const resolved = items.filter((e) => e.type === 'RESOLVE_OBJECTION' && e.from === state && (!start || e.seq > start.seq));
    const endsAt = current ? context.publicity?.endsAt : start?.payload.publicityEndsAt;
    rows.push(
      h(
        'li',
        { 'data-stage': stage },
        h('strong', {}, t(`pub.${stage}`)),
        t('sep.colon'),
        start ? t('pub.period', { start: shanghaiDate(start.at), end: lastDay(endsAt) }) : t('pub.notStarted'),
        current ? t('pub.inProgress') : '',
        start
          ? raised.length
            ? h(
                'ul',
                { class: 'objections' },
                raised.map((r, i) => {
                  const answer = resolved[i];
                  return h(
                    'li',
                    { 'data-seq': r.seq, 'data-resolved': answer ? 'true' : 'false' },
                    t('pub.objection', { text: r.payload.objection }),
                    ' ',
                    h('span', { class: 'muted' }, t('paren', { text: t('pub.raised', { who: by(r), at: when(r.at) }) })),
                    h('br'),
                    answer
                      ? t('pub.resolved', {
                          outcome: valueLabel(answer.payload.outcome ?? 'dismissed'),
                          resolution: answer.payload.resolution,
                          who: by(answer),
                          at: when(answer.at),
                        })
                      : h('span', { class: 'warn' }, t('pub.open')),
                  );
                }),
              )
            : [' · ', t('pub.noObjections')]
          : null,
      ),
    );
  }
  return h('ul', { id: 'publicities', class: 'plain' }, rows);
}

function interviewOf(view, history, by) {
  const { context } = view;
  const events = history.items.filter((e) =>
    ['SCHEDULE_INTERVIEW', 'RESCHEDULE_INTERVIEW', 'RECORD_ATTENDANCE', 'MARK_NO_SHOW'].includes(e.type),
  );
  if (!context.interview) return h('p', { class: 'muted', id: 'interview' }, t('iv.none'));
  let previous = null;
  const lines = [];
  for (const e of events) {
    if (e.type === 'SCHEDULE_INTERVIEW') lines.push(t('iv.scheduled', { who: by(e), at: when(e.at) }));
    if (e.type === 'RESCHEDULE_INTERVIEW')
      lines.push(t('iv.moved', { from: previous ? when(previous) : '', reason: e.payload.reason, who: by(e), at: when(e.at) }));
    if (e.type === 'RECORD_ATTENDANCE') lines.push(t('iv.attended', { who: by(e), at: when(e.at) }));
    if (e.type === 'MARK_NO_SHOW') lines.push(t('iv.noShow', { who: by(e), at: when(e.at) }));
    if (e.payload?.time) previous = e.payload.time;
  }
  return h(
    'div',
    { id: 'interview' },
    dl([
      [t('iv.time'), when(context.interview.time)],
      [t('iv.place'), context.interview.place],
    ]),
    lines.length
      ? h(
          'ul',
          {},
          lines.map((l) => h('li', {}, l)),
        )
      : null,
  );
}

function feeOf(view, history, by) {
  const { context } = view;
  const notice = history.items.findLast((e) => e.type === 'PUBLICITY_ENDED' && e.from === 'qualificationPublicity');
  const paid = history.items.findLast((e) => e.type === 'PAY_FEE');
  const amount = notice?.payload.fee ?? context.plan.fee;
  return h(
    'div',
    { id: 'fee' },
    dl([
      [t('fee.amount'), t('fee.yuan', { amount })],
      [t('fee.notice'), notice ? t('fee.noticeAt', { at: when(notice.at) }) : t('fee.notYet')],
      [t('fee.paid'), paid ? t('fee.paidAt', { amount: paid.payload.amount, at: when(paid.at) }) : t('fee.unpaid')],
      context.deadline
        ? [t('deadline.title'), t('deadline.due', { kind: valueLabel(context.deadline.kind), day: lastDay(context.deadline.dueAt) })]
        : null,
    ]),
    h(
      'ul',
      {},
      history.items
        .filter((e) => e.type === 'EXTEND_DEADLINE')
        .map((e) => h('li', {}, t('deadline.extended', { until: e.payload.until, reason: e.payload.reason, who: by(e), at: when(e.at) }))),
    ),
  );
}

function paperOf(view, history, by) {
  const { context } = view;
  const received = history.items.findLast((e) => e.type === 'PAPER_RECEIVED');
  const lines = [
    [
      t('paper.formCode'),
      context.reviewForm
        ? t('paper.formIssued', { code: grouped(context.reviewForm.verificationCode), at: when(context.reviewForm.issuedAt) })
        : t('paper.formNotYet'),
    ],
    [
      t('paper.received'),
      received
        ? t('paper.receivedAt', {
            copies: received.payload.copies,
            stamped: t(received.payload.stamped ? 'paper.stamped' : 'paper.notStamped'),
            watermarked: t(received.payload.watermarked ? 'paper.watermarked' : 'paper.notWatermarked'),
            code: grouped(received.payload.verificationCode),
            who: by(received),
            at: when(received.at),
          })
        : t('paper.notYet'),
    ],
  ];
  // A return is news only while the draft waits for its resubmission.
  if (context.returned && view.state === 'draft')
    lines.push([t('returned.title'), t('returned.text', { at: when(context.returned.at), by: context.returned.resubmitBy })]);
  if (context.supplement)
    lines.push([
      t('supplement.title'),
      t('supplement.requested', {
        by: t(`verify.by.${context.supplement.requestedBy}`),
        at: when(context.supplement.requestedAt),
        items: context.supplement.items.join(t('sep.enum')),
      }),
    ]);
  return h('div', { id: 'paper' }, dl(lines));
}

/** A review form's code in two groups of four, as the form prints it. */
const grouped = (code) => String(code).replace(/^(.{4})(.{4})$/, '$1-$2');

/** What an event's payload says, in words: reasons, opinions, findings, notes, times and places; what only the service adds left out. */
export function remarkText(e) {
  const p = e.payload ?? {};
  const parts = [];
  const add = (name, value) => parts.push(`${fieldLabel(name)}${t('sep.colon')}${value}`);
  if (p.fact) add('fact', t(`value.${p.fact}`));
  for (const name of ['reason', 'opinion', 'finding', 'objection', 'resolution', 'note', 'place']) if (p[name]) add(name, p[name]);
  if (p.publicityResult) add('publicityResult', valueLabel(p.publicityResult));
  if (p.outcome) add('outcome', valueLabel(p.outcome));
  if (p.time) add('time', when(p.time));
  if (p.startDate) add('startDate', p.startDate);
  if (p.until) add('until', p.until);
  if (typeof p.amount === 'number') add('amount', p.amount);
  if (typeof p.copies === 'number') add('copies', p.copies);
  if (e.type === 'PAPER_RECEIVED') {
    add('stamped', yesNo(p.stamped));
    add('watermarked', yesNo(p.watermarked));
    add('verificationCode', p.verificationCode);
  }
  if (Array.isArray(p.items)) add('items', p.items.join(t('sep.enum')));
  if (Array.isArray(p.materials)) add('materials', p.materials.map((m) => m.name).join(t('sep.enum')));
  if (e.type === 'SUBMIT') add('commitmentSigned', yesNo(p.commitmentSigned));
  if (e.type === 'UPDATE_DRAFT' && p.facts) add('facts', Object.keys(p.facts).map(factLabel).join(t('sep.enum')));
  return parts.join(t('sep.list'));
}

const factLabel = (name) => (t(`fact.${name}`) === `fact.${name}` ? name : t(`fact.${name}`));

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
