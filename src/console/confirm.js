import { eventLabel, t } from './i18n.js';
import { h } from './ui.js';

// Confirmations before an event is applied (issue 27, item 4): every batch names its event and
// count; a single event that ends or sets back an application names it too; a finding of
// falsification (a three-year ban, 五(四)) or a revoked certificate must be typed out: the
// applicant's name for one application, the count for a batch.

/** Events that end an application, set it back or punish: never applied by one click. */
const DESTRUCTIVE = new Set(['WITHDRAW', 'AUDIT_REJECT', 'REVIEW_FAIL', 'MARK_NO_SHOW', 'FLAG_FALSIFIED', 'REVOKE']);
/** Events confirmed by typing what they apply to. */
const TYPED = new Set(['FLAG_FALSIFIED', 'REVOKE']);

/**
 * Asks in a modal dialog; resolves true only on the confirm button (with the typed text
 * matching `typed` when given), false on cancel or Escape.
 */
export function confirmDialog({ title, message, typed, confirmText }) {
  return new Promise((resolve) => {
    const input = typed ? h('input', { id: 'confirm-typed', autocomplete: 'off', spellcheck: 'false' }) : null;
    const ok = h('button', { class: 'primary danger', type: 'submit', id: 'confirm-ok', disabled: typed ? true : undefined }, confirmText);
    if (input) input.addEventListener('input', () => (ok.disabled = input.value.trim() !== String(typed)));
    const dialog = h(
      'dialog',
      { class: 'confirm', 'aria-labelledby': 'confirm-title', 'aria-describedby': 'confirm-message' },
      h(
        'form',
        { method: 'dialog' },
        h('h2', { id: 'confirm-title' }, title),
        h('p', { id: 'confirm-message' }, message),
        input ? h('label', { for: 'confirm-typed' }, t('confirm.type', { text: typed }), input) : null,
        h(
          'div',
          { class: 'actions' },
          ok,
          h('button', { type: 'button', id: 'confirm-cancel', onclick: () => dialog.close('cancel') }, t('app.cancel')),
        ),
      ),
    );
    dialog.addEventListener('close', () => {
      const confirmed = dialog.returnValue !== 'cancel' && dialog.returnValue !== '' && (!typed || input.value.trim() === String(typed));
      dialog.remove();
      resolve(confirmed);
    });
    ok.value = 'confirm';
    document.body.append(dialog);
    dialog.showModal();
    (input ?? ok).focus();
  });
}

/** Confirms one event on one application when it is destructive; true when it may be sent. */
export function confirmSingle(type, name) {
  if (!DESTRUCTIVE.has(type)) return Promise.resolve(true);
  return confirmDialog({
    title: t('confirm.title', { event: eventLabel(type) }),
    message: t(TYPED.has(type) ? 'confirm.singleTyped' : 'confirm.single', { event: eventLabel(type), name }),
    typed: TYPED.has(type) ? name : undefined,
    confirmText: t('confirm.ok', { event: eventLabel(type) }),
  });
}

/** Confirms one event on `n` applications (the selected ones, or `all` matching the filter); always asked. */
export function confirmBatch(type, n, all = false) {
  const kind = all ? 'confirm.all' : 'confirm.batch';
  return confirmDialog({
    title: t('confirm.title', { event: eventLabel(type) }),
    message: t(TYPED.has(type) ? `${kind}Typed` : kind, { event: eventLabel(type), n }),
    typed: TYPED.has(type) ? String(n) : undefined,
    confirmText: t('confirm.batchOk', { event: eventLabel(type), n }),
  });
}
