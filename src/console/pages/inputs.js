import { t } from '../i18n.js';
import { h } from '../ui.js';

// Form inputs the editing pages share: a select of labelled codes, dates, checkboxes, numbers,
// and a table of rows the user adds to and removes from.

/** A select of labelled codes; `ariaLabel` names it where no visible label does (a table cell). */
export const select = (name, values, current, { none = false, label = (v) => t(`value.${v}`), ariaLabel } = {}) =>
  h(
    'select',
    { name, 'aria-label': ariaLabel },
    none ? h('option', { value: '' }, t('draft.none')) : null,
    values.map((v) => h('option', { value: v, selected: v === current || undefined }, label(v))),
  );
export const date = (name, value, required = false, ariaLabel = undefined) =>
  h('input', { type: 'date', name, value: value ?? '', required: required || undefined, 'aria-label': ariaLabel });
export const check = (name, checked, text) =>
  h('label', { class: 'check' }, h('input', { type: 'checkbox', name, checked: checked || undefined }), text);
export const number = (name, value, attrs = {}) =>
  h('input', { type: 'number', name, value: value ?? '', step: 1, min: 0, required: true, ...attrs });

/** A table of rows the user adds to and removes from; `cells(row)` gives one row's inputs. */
export function rows(id, head, items, cells, blank) {
  const body = h('tbody');
  const add = (item) => {
    const tr = h(
      'tr',
      { 'data-row': id },
      cells(item).map((c) => h('td', {}, c)),
      h('td', {}, h('button', { type: 'button', onclick: () => tr.remove() }, t('draft.removeRow'))),
    );
    body.append(tr);
  };
  for (const item of items) add(item);
  return h(
    'div',
    {},
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { id },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            [...head, t('col.actions')].map((c) => h('th', { scope: 'col' }, c)),
          ),
        ),
        body,
      ),
    ),
    h('button', { type: 'button', onclick: () => add(blank()) }, t('draft.addRow')),
  );
}
