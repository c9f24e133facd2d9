import { describe, expect, it } from 'vitest';
import { definitionOf } from '../../machines/definitions';
import { type Exit, exitsOf, livenessOf } from './liveness';

// Issue 24: no dead ends. From every state of a new draft's reach an outcome is reachable, and
// every state the applicant can leave hanging has a way out that a reviewer or the service's clock
// takes (the draft, the applicant's own, apart). The check is computed from the definition; the
// exits it cannot do without are written here by hand, each with the reason it is the only one.

const key = (e: Exit) => `${e.from} ${e.event}`;

/** Version 1's exits without which something is stuck or out of reach, and why. */
const indispensable2021 = [
  'draft SUBMIT', // the only way into the review
  'submitted START_UNIT_PUBLICITY', // the unit's only way on (三(一)2)
  'unitPublicity UNIT_APPROVE', // the unit's only way on
  'municipalAudit AUDIT_APPROVE', // the audit's only way on (三(二))
  'paperSubmission PAPER_RECEIVED', // the only way into the qualification publicity
  'paperSubmission DEADLINE_PASSED', // copies never delivered: the clock's only way out (issue 24)
  'qualificationPublicity PUBLICITY_ENDED', // the only way to the fee (三(三))
  'feePayment PAY_FEE', // the only way to the interview (四)
  'feePayment DEADLINE_PASSED', // a fee never paid: the clock's only way out (issue 24)
  'interview.awaitingSchedule SCHEDULE_INTERVIEW', // the committee's only step
  'interview.scheduled RECORD_ATTENDANCE', // the only way to deliberation
  'interview.scheduled MARK_NO_SHOW', // 三(三): 未按规定参加…视作放弃 — the committee's way out
  'interview.deliberation REVIEW_PASS', // the only way to the result publicity
  'resultPublicity PUBLICITY_ENDED', // the only way to a certificate
  'certified REVOKE', // the only way to revoked (五(四))
];

const isStuck = (l: ReturnType<typeof livenessOf>) => l.unreachable.length + l.deadEnds.length + l.waitingOnApplicantOnly.length > 0;

describe('no dead ends (issue 24)', () => {
  const graph = exitsOf(definitionOf(1).machine);

  it('version 1: every state is reachable, reaches an outcome, and has a way out the applicant cannot block', () => {
    expect(livenessOf(graph, graph.exits)).toEqual({ unreachable: [], deadEnds: [], waitingOnApplicantOnly: [] });
  });

  it('version 1: fails when any indispensable exit is removed, and names what is stuck', () => {
    const failing = graph.exits
      .filter((_, i) =>
        isStuck(
          livenessOf(
            graph,
            graph.exits.filter((_, j) => j !== i),
          ),
        ),
      )
      .map(key);
    expect(failing.sort()).toEqual([...indispensable2021].sort());
    const withoutFeeDeadline = graph.exits.filter((e) => key(e) !== 'feePayment DEADLINE_PASSED');
    expect(livenessOf(graph, withoutFeeDeadline).waitingOnApplicantOnly).toEqual(['feePayment']);
    const withoutNoShow = graph.exits.filter((e) => key(e) !== 'interview.scheduled MARK_NO_SHOW');
    expect(livenessOf(graph, withoutNoShow).waitingOnApplicantOnly).toEqual(['interview.awaitingSchedule', 'interview.scheduled']);
  });

  it('version 2, the worked example, waits on the applicant alone while supplements are asked for (README)', () => {
    const example = exitsOf(definitionOf(2).machine);
    expect(livenessOf(example, example.exits)).toEqual({
      unreachable: [],
      deadEnds: [],
      waitingOnApplicantOnly: ['supplementRequested.byUnit', 'supplementRequested.byBureau'],
    });
  });
});
