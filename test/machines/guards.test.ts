import { describe, expect, it } from 'vitest';
import { config2021 } from '../../machines/application';
import { config2022 } from '../../machines/application-2022';
import { type Definition, definitionOf } from '../../machines/definitions';
import type { MachineEvent } from '../../machines/events';
import { defineNotice, type NoticeConfig } from '../../machines/notice';
import { persist, type Snapshot, stateName, step } from '../../machines/states';
import { graphOf, serializeState } from '../model/graph';

// Issue 24, item 4: guards are part of the oracle. Each case below is written from SPEC and the
// notice — a state, an event at a boundary, and whether it must be refused or where it must
// lead — and runs on the pure machine. Then every guarded transition of every definition is
// removed in turn: some case must fail for each, or that guard is untested.

type Case = {
  name: string;
  /** A vertex of the definition's graph (test/model/graph.ts), e.g. `feePayment` or `qualificationPublicity[open=1,raised=1]`. */
  from: string;
  event: (s: Snapshot) => Omit<MachineEvent, 'at'> & { at: string };
  /** `refused`, or the state the event must lead to. */
  expect: 'refused' | string;
};

const ms = (iso: string, delta: number) => new Date(Date.parse(iso) + delta).toISOString();
const day = (iso: string, delta = 0) => new Date(Date.parse(iso) + 8 * 3600_000 + delta * 86_400_000).toISOString().slice(0, 10);
const AT = '2021-08-02T02:00:00.000Z';
const ev = (type: string, payload: Record<string, unknown> = {}, at = AT) => ({ type, at, ...payload }) as unknown as MachineEvent;

/** SPEC §3, §6, §9 and the notice, at their boundaries; shared by both versions. */
const cases2021: Case[] = [
  { name: 'an edit must change something', from: 'draft', event: () => ev('UPDATE_DRAFT', { uploaded: [] }), expect: 'refused' },
  {
    name: 'an edit keeps a draft a draft',
    from: 'draft',
    event: () => ev('UPDATE_DRAFT', { facts: { name: '王芳' }, uploaded: [] }),
    expect: 'draft',
  },
  {
    name: 'SUBMIT without the pledge (三(一)1)',
    from: 'draft',
    event: (s) => ev('SUBMIT', { commitmentSigned: false, activeBans: [], planWindow: s.context.plan }),
    expect: 'refused',
  },
  {
    name: 'unit publicity may not start yesterday',
    from: 'submitted',
    event: () => ev('START_UNIT_PUBLICITY', { startDate: '2021-08-01', endsOn: '2021-08-09' }),
    expect: 'refused',
  },
  {
    name: 'UNIT_APPROVE the day before the publicity has elapsed (二(五))',
    from: 'unitPublicity',
    event: (s) =>
      ev(
        'UNIT_APPROVE',
        { publicityResult: 'noObjection', opinion: 'x' },
        `${day(`${s.context.unitPublicity!.endsOn}T00:00:00+08:00`, -1)}T02:00:00.000Z`,
      ),
    expect: 'refused',
  },
  {
    name: 'UNIT_APPROVE on the day it has',
    from: 'unitPublicity',
    event: (s) => ev('UNIT_APPROVE', { publicityResult: 'noObjection', opinion: 'x' }, `${s.context.unitPublicity!.endsOn}T02:00:00.000Z`),
    expect: 'municipalAudit',
  },
  {
    name: 'AUDIT_APPROVE with nothing verified',
    from: 'municipalAudit',
    event: () => ev('AUDIT_APPROVE', { reviewFormCode: 'X' }),
    expect: 'refused',
  },
  {
    name: 'two paper copies (三(二))',
    from: 'paperSubmission',
    event: (s) =>
      ev('PAPER_RECEIVED', {
        copies: 2,
        stamped: true,
        watermarked: true,
        verificationCode: s.context.reviewForm!.verificationCode,
        publicityEndsAt: '2021-08-15T16:00:00.000Z',
      }),
    expect: 'refused',
  },
  ...(['qualificationPublicity', 'resultPublicity'] as const).flatMap((p): Case[] => [
    {
      name: `${p} ends a moment early`,
      from: `${p}[open=0,raised=0]`,
      event: (s) => ev('PUBLICITY_ENDED', { fee: 100 }, ms(s.context.publicity!.endsAt, -1)),
      expect: 'refused',
    },
    {
      name: `${p} ends on time`,
      from: `${p}[open=0,raised=0]`,
      event: (s) => ev('PUBLICITY_ENDED', { fee: 100 }, s.context.publicity!.endsAt),
      expect: p === 'qualificationPublicity' ? 'feePayment' : 'certified',
    },
    {
      name: `${p} held by an open objection`,
      from: `${p}[open=1,raised=1]`,
      event: (s) => ev('PUBLICITY_ENDED', { fee: 100 }, ms(s.context.publicity!.endsAt, 86_400_000)),
      expect: 'refused',
    },
    {
      name: `${p}: nothing to resolve`,
      from: `${p}[open=0,raised=0]`,
      event: () => ev('RESOLVE_OBJECTION', { resolution: 'x' }),
      expect: 'refused',
    },
    {
      name: `${p}: nothing to uphold`,
      from: `${p}[open=0,raised=0]`,
      event: () => ev('RESOLVE_OBJECTION', { resolution: 'x', outcome: 'upheld' }),
      expect: 'refused',
    },
    {
      name: `${p}: an objection dismissed`,
      from: `${p}[open=1,raised=1]`,
      event: () => ev('RESOLVE_OBJECTION', { resolution: 'x' }),
      expect: p,
    },
    {
      name: `${p}: an objection upheld`,
      from: `${p}[open=1,raised=1]`,
      event: () => ev('RESOLVE_OBJECTION', { resolution: 'x', outcome: 'upheld' }),
      expect: 'rejected',
    },
  ]),
  { name: 'the wrong fee (四)', from: 'feePayment', event: (s) => ev('PAY_FEE', { amount: s.context.plan.fee + 1 }), expect: 'refused' },
  ...(['feePayment', 'paperSubmission'] as const).flatMap((state): Case[] => [
    {
      name: `${state}: a moment before the deadline`,
      from: state,
      event: (s) => ev('DEADLINE_PASSED', {}, ms(s.context.deadline!.dueAt, -1)),
      expect: 'refused',
    },
    {
      name: `${state}: at the deadline`,
      from: state,
      event: (s) => ev('DEADLINE_PASSED', {}, s.context.deadline!.dueAt),
      expect: 'abandoned',
    },
    {
      name: `${state}: extended to yesterday`,
      from: state,
      event: (s) =>
        ev('EXTEND_DEADLINE', { until: day(s.context.deadline!.dueAt, -2), reason: 'x' }, ms(s.context.deadline!.dueAt, -3_600_000)),
      expect: 'refused',
    },
    {
      name: `${state}: extended to its own last day`,
      from: state,
      event: (s) => ev('EXTEND_DEADLINE', { until: day(s.context.deadline!.dueAt, -1), reason: 'x' }),
      expect: 'refused',
    },
    {
      name: `${state}: extended a day`,
      from: state,
      event: (s) => ev('EXTEND_DEADLINE', { until: day(s.context.deadline!.dueAt), reason: 'x' }),
      expect: state,
    },
  ]),
  {
    name: 'an interview in the past',
    from: 'interview.awaitingSchedule',
    event: () => ev('SCHEDULE_INTERVIEW', { time: ms(AT, -1), place: 'x' }),
    expect: 'refused',
  },
  {
    name: 'moved once it has begun',
    from: 'interview.scheduled',
    event: (s) =>
      ev('RESCHEDULE_INTERVIEW', { time: ms(s.context.interview!.time, 86_400_000), place: 'x', reason: 'x' }, s.context.interview!.time),
    expect: 'refused',
  },
  {
    name: 'moved to now',
    from: 'interview.scheduled',
    event: () => ev('RESCHEDULE_INTERVIEW', { time: AT, place: 'x', reason: 'x' }),
    expect: 'refused',
  },
  ...(['RECORD_ATTENDANCE', 'MARK_NO_SHOW'] as const).flatMap((type): Case[] => [
    {
      name: `${type} a moment before the interview`,
      from: 'interview.scheduled',
      event: (s) => ev(type, {}, ms(s.context.interview!.time, -1)),
      expect: 'refused',
    },
    {
      name: `${type} at its time`,
      from: 'interview.scheduled',
      event: (s) => ev(type, {}, s.context.interview!.time),
      expect: type === 'MARK_NO_SHOW' ? 'abandoned' : 'interview.deliberation',
    },
  ]),
];

/** The example's supplement: a file the same request uploaded, nothing else. */
const cases2022: Case[] = [
  ...cases2021,
  ...(['supplementRequested.byUnit', 'supplementRequested.byBureau'] as const).map(
    (from): Case => ({
      name: `${from}: a file not uploaded`,
      from,
      event: () => ev('SUPPLEMENT_PROVIDED', { materials: [{ kind: 'other', name: 'x.pdf', sha256: 'b'.repeat(64) }], uploaded: [] }),
      expect: 'refused',
    }),
  ),
];

const setups = [
  { version: 1, config: config2021, cases: cases2021 },
  { version: 2, config: config2022, cases: cases2022 },
];

/** One snapshot per vertex of the definition's graph; a state with a deadline also by its name alone, for its nearest vertex (not extended). */
function vertices(definition: Definition): Map<string, Snapshot> {
  const nearestLast = graphOf(definition)
    .shortestPaths()
    .sort((a, b) => b.weight - a.weight);
  return new Map(
    nearestLast.flatMap((p) => {
      const key = serializeState(p.state);
      return [[key.replace(/\[due=[^\]]*\]$/, ''), p.state] as const, [key, p.state] as const];
    }),
  );
}

/**
 * What `machine` does with `event` in the state `s` stands for (restored in that machine: a
 * snapshot carries its nodes): `refused` when no transition is enabled, else where it leads.
 */
const outcomeOf = (machine: Definition['machine'], s: Snapshot, event: MachineEvent): string => {
  const restored = machine.resolveState(persist(s));
  if (machine.getTransitionData(restored, event).length === 0) return 'refused';
  return stateName(step(machine, restored, event).value);
};

type Guarded = { path: string[]; type: string; index: number };

function guardedTransitions(definition: Definition): Guarded[] {
  const walk = (node: Definition['machine']['root']): Guarded[] => [
    ...[...node.transitions.entries()].flatMap(([type, defs]) =>
      defs.flatMap((d, index) => (d.guard ? [{ path: node.path, type, index }] : [])),
    ),
    ...Object.values(node.states).flatMap(walk),
  ];
  return walk(definition.machine.root);
}

/** The config with one transition's guard taken away. */
function withoutGuard(config: NoticeConfig, { path, type, index }: Guarded): NoticeConfig {
  type Node = { states?: Record<string, Node>; on?: Record<string, unknown> };
  const strip = (node: Node, rest: string[]): Node => {
    if (rest.length > 0) {
      const [head, ...tail] = rest;
      return { ...node, states: { ...node.states, [head!]: strip(node.states![head!]!, tail) } };
    }
    const transition = node.on![type];
    const list = (Array.isArray(transition) ? [...transition] : [transition]) as Record<string, unknown>[];
    const { guard: _removed, ...unguarded } = list[index]!;
    list[index] = unguarded;
    return { ...node, on: { ...node.on, [type]: Array.isArray(transition) ? list : list[0] } };
  };
  return strip(config as Node, path) as NoticeConfig;
}

describe.each(setups)('the guards of version $version', ({ version, config, cases }) => {
  const definition = definitionOf(version);
  const at = vertices(definition);

  it.each(cases.map((c) => ({ ...c, label: `${c.from}: ${c.name}` })))('$label', ({ from, event, expect: expected }) => {
    const s = at.get(from);
    expect(s, `no vertex ${from} in the graph`).toBeDefined();
    expect(outcomeOf(definition.machine, s!, event(s!) as MachineEvent)).toBe(expected);
  });

  it('fails a case whenever one guard is removed', () => {
    const guarded = guardedTransitions(definition);
    expect(guarded.length).toBeGreaterThan(20);
    const uncaught = guarded.filter((g) => {
      const mutant = defineNotice(withoutGuard(config, g), definition.refusals);
      return cases.every((c) => {
        const s = at.get(c.from)!;
        return outcomeOf(mutant, s, c.event(s) as MachineEvent) === c.expect;
      });
    });
    expect(uncaught.map((g) => `${g.path.join('.')} ${g.type}#${g.index}`)).toEqual([]);
  });
});
