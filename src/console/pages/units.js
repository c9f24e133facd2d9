import { api, query, session } from '../api.js';
import { t } from '../i18n.js';
import { go, link, problemBox, searchForm } from '../nav.js';
import { card, h, put, table } from '../ui.js';

// The units registry: search by id or name, paged; the admin registers a unit.

const TYPES = ['enterprise', 'publicInstitution', 'civilService', 'civilServiceManaged'];

export async function unitsPage(main, params) {
  const q = params.get('q') ?? '';
  const cursor = params.get('cursor') ?? '';
  const units = await api(`/units${query({ q, cursor, limit: 50 })}`);
  const search = h('input', { id: 'unit-q', name: 'q', type: 'search', value: q });
  put(
    main,
    h('h1', {}, t('units.title')),
    searchForm(
      () => `units${query({ q: search.value.trim() })}`,
      h('label', { for: 'unit-q' }, t('units.q'), search),
      h('button', { class: 'primary', type: 'submit' }, t('find.search')),
    ),
    table(
      { id: 'units' },
      [t('units.id'), t('units.name'), t('units.inCixi'), t('units.type')],
      units.items.map((u) =>
        h(
          'tr',
          { 'data-id': u.id },
          h('td', {}, u.id),
          h('td', {}, u.name),
          h('td', {}, u.inCixi ? t('yes') : t('no')),
          h('td', {}, t(`value.${u.unitType}`)),
        ),
      ),
    ),
    units.nextCursor ? h('p', {}, link(`units${query({ q, cursor: units.nextCursor })}`, t('find.next'))) : null,
  );
  if (session.actor.role === 'admin') put(main, registerForm());
}

function registerForm() {
  const id = h('input', { id: 'unit-id', name: 'id', required: true, maxlength: 64 });
  const name = h('input', { id: 'unit-name', name: 'name', required: true, maxlength: 200 });
  const inCixi = h('input', { id: 'unit-in-cixi', name: 'inCixi', type: 'checkbox', checked: true });
  const unitType = h(
    'select',
    { id: 'unit-type', name: 'unitType' },
    TYPES.map((v) => h('option', { value: v }, t(`value.${v}`))),
  );
  const out = h('div', { 'aria-live': 'polite' });
  return card(
    'register',
    t('units.register'),
    h(
      'form',
      {
        class: 'row',
        onsubmit: async (e) => {
          e.preventDefault();
          try {
            await api('/units', {
              method: 'POST',
              body: { id: id.value.trim(), name: name.value.trim(), inCixi: inCixi.checked, unitType: unitType.value },
            });
            go(`units${query({ q: id.value.trim() })}`);
          } catch (err) {
            out.replaceChildren(problemBox(err));
          }
        },
      },
      h('label', { for: 'unit-id' }, t('units.id'), id),
      h('label', { for: 'unit-name' }, t('units.name'), name),
      h('label', { class: 'check', for: 'unit-in-cixi' }, inCixi, t('units.inCixi')),
      h('label', { for: 'unit-type' }, t('units.type'), unitType),
      h('button', { class: 'primary', type: 'submit' }, t('units.register')),
      out,
    ),
  );
}
