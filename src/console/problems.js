import { lang, t } from './i18n.js';
import { lastDay, when } from './ui.js';

// A refusal's extension members in words: which facts are unverified and who checks them,
// which conditions fail (with the notice's clause), the ban years, the dates that matter.
// The API's problem documents carry them (src/errors/); the console only words them.

const unitVerified = new Set(['socialInsurance', 'post']);
const yesNo = (v, yes, no) => t(v ? yes : no);

/** A fact a reviewer verifies, in words, with who verifies it. */
const verifiable = (fact) =>
  t('problem.unverifiedItem', { fact: t(`value.${fact}`), by: t(`verify.by.${unitVerified.has(fact) ? 'unit' : 'hr'}`) });

/** The lines that explain a problem document (or a blocked event), each a text. */
export function problemLines(body) {
  const lines = [];
  if (body.unverified?.length) lines.push(`${t('problem.unverified')}${body.unverified.map(verifiable).join(t('sep.list'))}`);
  if (body.failures?.length)
    lines.push(
      t('problem.failures'),
      ...body.failures.map(
        (f) => `${f.message?.[lang()] ?? f.message?.zh ?? f.id}${t('paren', { text: t('problem.clause', { clause: f.clause }) })}`,
      ),
    );
  if (body.bans?.length)
    lines.push(
      `${t('problem.bans')}${body.bans.map((b) => t('problem.banYears', { from: b.fromYear, to: b.toYear })).join(t('sep.enum'))}`,
    );
  if (typeof body.openObjections === 'number') lines.push(t('problem.openObjections', { n: body.openObjections }));
  if (body.firstAllowedDate) lines.push(t('problem.firstAllowedDate', { date: body.firstAllowedDate }));
  if (body.endsAt) lines.push(t('problem.endsAt', { at: when(body.endsAt) }));
  if (body.opensAt && body.closesAt) lines.push(t('problem.window', body));
  if (body.resubmitBy) lines.push(t('problem.resubmitBy', { date: body.resubmitBy }));
  if (typeof body.expected === 'number') lines.push(t('problem.expected', { amount: body.expected }));
  if (body.code === 'REVIEW_FORM_MISMATCH' && body.verificationCode) lines.push(t('problem.formCode', { code: body.verificationCode }));
  if (body.code === 'PAPER_INCOMPLETE')
    lines.push(
      t('problem.paper', {
        copies: body.copies,
        stamped: yesNo(body.stamped, 'paper.stamped', 'paper.notStamped'),
        watermarked: yesNo(body.watermarked, 'paper.watermarked', 'paper.notWatermarked'),
      }),
    );
  if (body.time && (body.code === 'INTERVIEW_NOT_DUE' || body.code === 'INTERVIEW_STARTED'))
    lines.push(t('problem.time', { at: when(body.time) }));
  if (body.dueAt) lines.push(t('problem.dueAt', { at: `${lastDay(body.dueAt)}` }));
  if (body.earliest) lines.push(t('problem.earliest', { field: fieldLabel(body.field), date: body.earliest }));
  if (body.code === 'SUPPLEMENT_ITEMS_MISMATCH') lines.push(t('problem.items', { n: body.items?.length ?? 0, given: body.given }));
  if (Array.isArray(body.sha256) && body.sha256.length) lines.push(t('problem.files', { n: body.sha256.length }));
  // The validator words its messages in English: in Chinese the field is named and said to be invalid.
  for (const e of body.errors ?? [])
    lines.push(
      t('problem.field', {
        path: fieldLabel(e.path?.replace(/^\//, '')),
        message: lang() === 'zh' && /^[\x20-\x7e]*$/.test(e.message) ? t('problem.invalid') : e.message,
      }),
    );
  return lines;
}

/** A field of an event or a draft by its label, the path itself when it has none. */
export function fieldLabel(path = '') {
  const name = path.split('/')[0];
  const key = `field.${name}`;
  return name && t(key) !== key ? `${t(key)}${path.slice(name.length)}` : path;
}
