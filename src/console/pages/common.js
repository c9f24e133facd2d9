import { api } from '../api.js';
import { t } from '../i18n.js';
import { h } from '../ui.js';

// What several pages read and show.

const machines = new Map();

/** A machine definition from GET /v1/machine (the default, version 1, when no version is given), read once. */
export async function machine(version) {
  const key = version ?? 'default';
  if (!machines.has(key)) machines.set(key, await api(`/machine${version ? `?version=${version}` : ''}`));
  return machines.get(key);
}

/** Leaf state names of a definition, in its order. */
export function leafStates(definition, prefix = '') {
  return Object.values(definition.states ?? {}).flatMap((st) => {
    const path = `${prefix}${st.key}`;
    const children = leafStates(st, `${path}.`);
    return children.length ? children : [path];
  });
}

/** Every state name a filter may use: compound ones too. */
export function allStates(definition, prefix = '') {
  return Object.values(definition.states ?? {}).flatMap((st) => [`${prefix}${st.key}`, ...allStates(st, `${prefix}${st.key}.`)]);
}

/** A plan by year, specialty and level, and the definition its applications run when the plan names it. */
export const planName = (plan) =>
  `${plan.year} ${plan.specialty} ${t(`level.${plan.level}`)}${plan.definitionVersion ? ` · ${t('plan.definition', { version: plan.definitionVersion })}` : ''}`;

/** A definition as GET /v1/machine describes it: the notice itself, or a worked example of a changed one. */
export const definitionName = (definition) => t(`definition.${definition.kind}`, definition);

/** The plans, newest first. */
export async function plans() {
  const list = await api('/plans');
  return list.items.slice().sort((a, b) => b.year - a.year);
}

/** A labelled select of plans, the first option naming "any". */
export function planSelect(id, list, selected, anyText) {
  return h(
    'select',
    { id, name: 'planId' },
    h('option', { value: '' }, anyText),
    list.map((p) => h('option', { value: p.id, selected: p.id === selected }, planName(p))),
  );
}
