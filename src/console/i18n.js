import en from './i18n/en.js';
import zh from './i18n/zh.js';

// One dictionary per language; Chinese unless the user switched. The API is asked for
// problem details in the same language.

const dictionaries = { zh, en };
const KEY = 'title-review.lang';

export const lang = () => (localStorage.getItem(KEY) === 'en' ? 'en' : 'zh');
export const setLang = (value) => localStorage.setItem(KEY, value);

/** The text for a key, with {name} placeholders filled; the key itself when no dictionary has it. */
export function t(key, vars = {}) {
  const text = dictionaries[lang()][key] ?? zh[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(vars[name] ?? ''));
}

/** A state name (interview.scheduled) or event type in words, the code itself when unknown. */
export const stateLabel = (state) => (t(`state.${state}`) === `state.${state}` ? state : t(`state.${state}`));
export const eventLabel = (type) => (t(`event.${type}`) === `event.${type}` ? type : t(`event.${type}`));
