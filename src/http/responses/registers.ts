import { z } from 'zod';
import { Plan } from '../../../machines/context';
import { BanYears } from '../../../machines/rules/ban-window';
import { adminActionKinds } from '../../db/schema';
import { isoDate, PlanSummary, Timestamp } from './common';

export const PlanRecord = Plan.extend({
  definitionVersion: z
    .number()
    .int()
    .describe('the machine definition its applications run: 1, the 2021 notice, unless the plan names another'),
  createdBy: z.string(),
  createdAt: Timestamp,
});

export const Certificate = z.object({
  number: z.string(),
  applicationId: z.uuid(),
  idNumber: z.string(),
  name: z.string(),
  year: z.number().int(),
  level: z.string(),
  specialty: z.string(),
  issuedAt: Timestamp,
  revokedAt: Timestamp.nullable(),
  revokeReason: z.string().nullable(),
  verificationCode: z.string().describe('the short code printed under the QR code, for the public verification endpoint'),
});

export const Ban = z.object({
  id: z.uuid(),
  idNumber: z.string(),
  ...BanYears.shape,
  applicationId: z.uuid(),
  finding: z.string(),
  foundBy: z.string(),
  createdAt: Timestamp,
  liftedAt: Timestamp.nullable(),
  liftedBy: z.string().nullable(),
  liftReason: z.string().nullable(),
});

export const BanRow = Ban.extend({
  name: z.string().nullable().describe("the applicant's name"),
  plan: PlanSummary.describe('the plan of the finding'),
});

export const UnitRecord = z.object({
  id: z.string(),
  name: z.string(),
  inCixi: z.boolean(),
  unitType: z.enum(['enterprise', 'publicInstitution', 'civilService', 'civilServiceManaged']),
  createdBy: z.string(),
  createdAt: Timestamp,
  updatedBy: z.string(),
  updatedAt: Timestamp,
});

export const AuditEntry = z.object({
  id: z.number().int(),
  action: z.enum(adminActionKinds),
  target: z.string().describe('the plan, unit, timer, outbox message or application acted on'),
  actor: z.string().describe('who (the admin token subject)'),
  reason: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).describe('e.g. changes: { field: { from, to } }'),
  at: Timestamp,
});

export const CalendarYear = z.object({
  year: z.number().int(),
  source: z.enum(['loaded', 'package']).describe('loaded: an admin-loaded official schedule; package: the chinese-days data'),
  holidays: z.array(isoDate).optional(),
  workdays: z.array(isoDate).optional(),
  loadedBy: z.string().optional(),
  loadedAt: Timestamp.optional(),
});
