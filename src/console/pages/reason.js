import { t } from '../i18n.js';
import { problemBox } from '../nav.js';
import { h } from '../ui.js';

/**
 * A button that asks for a written reason before it acts (the audit trail keeps it);
 * `act(reason)` calls the API, `done()` redraws; a refusal is shown beside the button.
 */
export function reasonButton(text, id, act, done) {
  const slot = h('span');
  const button = h(
    'button',
    {
      type: 'button',
      onclick: () => {
        const reason = h('input', { id, name: 'reason', required: true, maxlength: 2000 });
        const form = h(
          'form',
          {
            class: 'row',
            onsubmit: async (e) => {
              e.preventDefault();
              try {
                await act(reason.value.trim());
                await done();
              } catch (err) {
                slot.replaceChildren(form, problemBox(err));
              }
            },
          },
          h('label', { for: id }, t('inc.reason'), reason),
          h('button', { class: 'primary', type: 'submit' }, text),
        );
        slot.replaceChildren(form);
        reason.focus();
      },
    },
    text,
  );
  return h('span', {}, button, slot);
}
