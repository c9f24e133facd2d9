import { t } from '../i18n.js';
import { fieldLabel } from '../problems.js';
import { h, when } from '../ui.js';

// The words of an application's record: coded values, actors, event remarks.

/** A word for a coded value (education level, assessment result…), the code itself never shown when a word exists. */
export const valueLabel = (v) => (t(`value.${v}`) === `value.${v}` ? String(v) : t(`value.${v}`));
export const yesNo = (v) => t(v ? 'yes' : 'no');
export const orNone = (v) => (v === null || v === undefined || v === '' ? t('fact.none') : v);

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

export const dl = (pairs) =>
  h(
    'dl',
    { class: 'facts' },
    pairs.filter(Boolean).map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]),
  );

/** A review form's code in two groups of four, as the form prints it. */
export const grouped = (code) => String(code).replace(/^(.{4})(.{4})$/, '$1-$2');

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
