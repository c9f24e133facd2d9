import { applications, plans, units } from '../db/schema';

/** A plan as a list row names it (the query joins plans). */
export const planSummary = { year: plans.year, level: plans.level, specialty: plans.specialty };

/**
 * What a list row says of an application beside its id and name: its plan, its unit by name,
 * its state and version (the query joins plans, and units on the left).
 */
export const rowColumns = {
  planId: applications.planId,
  plan: planSummary,
  unitId: applications.unitId,
  unitName: units.name,
  state: applications.state,
  version: applications.version,
};
