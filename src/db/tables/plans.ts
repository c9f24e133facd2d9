import { boolean, date, integer, jsonb, pgTable, serial, text, uuid } from 'drizzle-orm/pg-core';
import type { Plan } from '../../../machines/context';
import { planLevels } from '../../../machines/facts';
import { createdAt, instant } from './columns';

/** The organisations applicants work for (用人单位), registered by an admin; an application names one. */
export const units = pgTable('units', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  inCixi: boolean('in_cixi').notNull(),
  unitType: text('unit_type', { enum: ['enterprise', 'publicInstitution', 'civilService', 'civilServiceManaged'] }).notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: instant('created_at').notNull(),
  updatedBy: text('updated_by').notNull(),
  updatedAt: instant('updated_at').notNull(),
});

export const plans = pgTable('plans', {
  id: uuid('id').primaryKey().defaultRandom(),
  year: integer('year').notNull(),
  level: text('level', { enum: planLevels }).notNull(),
  specialty: text('specialty').notNull(),
  opensAt: date('opens_at').notNull(),
  closesAt: date('closes_at').notNull(),
  fee: integer('fee').notNull(),
  resubmitWorkingDays: integer('resubmit_working_days').notNull().default(5),
  /** Issue 24: calendar days to pay after the fee notice, and to deliver the paper copies after the audit approval. */
  feeDeadlineDays: integer('fee_deadline_days').notNull().default(10),
  paperDeadlineDays: integer('paper_deadline_days').notNull().default(15),
  /** The machine definition its applications start on; null only in plans created before every plan named one, read as 1. */
  definitionVersion: integer('definition_version'),
  scoringItems: jsonb('scoring_items').$type<Plan['scoringItems']>().notNull(),
  intermediateRoutes: jsonb('intermediate_routes').$type<Plan['intermediateRoutes']>().notNull(),
  /** 一(二)'s 高技能人才 routes. */
  skilledRoutes: jsonb('skilled_routes').$type<NonNullable<Plan['skilledRoutes']>>().notNull().default([]),
  /** Who created the plan; rows from before this column say 'unrecorded'. */
  createdBy: text('created_by').notNull().default('unrecorded'),
  createdAt: createdAt(),
  /**
   * The plan's part of its certificates' numbers (`CX2021M07-0012`: plan 07): drawn from a
   * sequence when the plan is created, so two plans never share one, nothing has to be retried,
   * and the plans of one year and level stay apart though their specialties are free text.
   */
  certificateSeries: serial('certificate_series').notNull(),
});

export const calendarYears = pgTable('calendar_years', {
  year: integer('year').primaryKey(),
  holidays: jsonb('holidays').$type<string[]>().notNull(),
  workdays: jsonb('workdays').$type<string[]>().notNull(),
  loadedBy: text('loaded_by').notNull(),
  loadedAt: instant('loaded_at').notNull(),
});
