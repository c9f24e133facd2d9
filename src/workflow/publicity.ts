import type { Plan } from '../../machines/context';
import { lastDayBefore, shanghaiDate } from '../../machines/rules/dates';
import type { Db } from '../db/client';
import { PUBLISHER } from '../documents/authority';
import type { PublicityEntry, PublicityList, PublicityStage } from '../documents/publicity-list';
import { applicationsIn } from '../store/applications';

// 三(三): the committee office publishes, before and after the review, the basic facts and
// the audit or review result of the applications in a platform publicity. Each application's
// publicity starts on the day it was recorded, so one list is the applications of one plan
// and stage whose publicity started on the same day: one period, one page.

const stageStates: Record<PublicityStage, string> = { qualification: 'qualificationPublicity', result: 'resultPublicity' };
export const publicityStages = Object.keys(stageStates) as PublicityStage[];

/** What the list says of everyone in it: the audit passed, or the review did. */
const RESULT: Record<PublicityStage, string> = { qualification: '资格审查通过', result: '评审通过' };

export type Publicity = Omit<PublicityList, 'objectionsTo' | 'publisher' | 'entries'> & { planId: string; entries: PublicityEntry[] };

/** The publicities in progress, of one plan if given, in order of plan, stage and start. */
export async function publicitiesInProgress(db: Db, planId?: string): Promise<Publicity[]> {
  const rows = await applicationsIn(db, Object.values(stageStates), planId);
  const byKey = new Map<string, Publicity>();
  for (const row of rows) {
    const { context } = row.snapshot;
    const stage = publicityStages.find((s) => stageStates[s] === row.state);
    if (!stage || !context.publicity) continue;
    const start = shanghaiDate(context.publicity.startedAt);
    const end = lastDayBefore(context.publicity.endsAt);
    const key = [row.planId, stage, start].join('/');
    const publicity = byKey.get(key) ?? { planId: row.planId, stage, plan: planOf(context.plan), period: { start, end }, entries: [] };
    if (end > publicity.period.end) publicity.period.end = end;
    // Units are registered by an admin; one missing from the registry is named by its id.
    const unitName = row.unitName ?? context.unitId;
    publicity.entries.push({ name: context.facts.name, idNumber: context.idNumber, unitName, result: RESULT[stage] });
    byKey.set(key, publicity);
  }
  return [...byKey.values()].sort((a, b) =>
    [a.planId, a.stage, a.period.start].join('/').localeCompare([b.planId, b.stage, b.period.start].join('/')),
  );
}

export async function findPublicity(db: Db, planId: string, stage: PublicityStage, start: string): Promise<Publicity | undefined> {
  return (await publicitiesInProgress(db, planId)).find((p) => p.stage === stage && p.period.start === start);
}

/** The list as published: where objections go is configuration (OBJECTIONS_CONTACT), who publishes is the committee office. */
export const published = (p: Publicity, objectionsTo: string): PublicityList => ({ ...p, objectionsTo, publisher: PUBLISHER });

const planOf = ({ year, level, specialty }: Plan) => ({ year, level, specialty });
