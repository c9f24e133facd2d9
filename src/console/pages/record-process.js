import { eventLabel, t } from '../i18n.js';
import { card, h, lastDay, shanghaiDate, when } from '../ui.js';
import { dl, grouped, remarkText, valueLabel } from './record-text.js';

// The review's course beside the facts: opinions, publicities, interview, fee and paper copies,
// each with who did it and when, read from the history.

/** `by`: an event's sender in words. */
export function processCards(view, history, by) {
  const events = (...types) => history.items.filter((e) => types.includes(e.type));
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
    opinionGroup('op-hr', t('op.hr'), events('AUDIT_APPROVE', 'AUDIT_REJECT', 'HR_REQUEST_SUPPLEMENT', 'EXTEND_DEADLINE')),
    opinionGroup('op-committee', t('op.committee'), events('REVIEW_PASS', 'REVIEW_FAIL')),
    events('FLAG_FALSIFIED', 'REVOKE').length ? opinionGroup('op-findings', t('op.findings'), events('FLAG_FALSIFIED', 'REVOKE')) : null,
  );

  const publicities = card('sec-publicities', t('sec.publicities'), publicityList(view, history, by));
  return h(
    'div',
    { class: 'grid' },
    opinions,
    publicities,
    card('sec-interview', t('sec.interview'), interviewOf(view, history, by)),
    card('sec-fee', t('sec.fee'), feeOf(view, history, by)),
    card('sec-paper', t('sec.paper'), paperOf(view, history, by)),
  );
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
