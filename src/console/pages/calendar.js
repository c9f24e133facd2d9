import { api, Problem, session } from '../api.js';
import { t } from '../i18n.js';
import { problemBox, reload } from '../nav.js';
import { card, h, put, table, when } from '../ui.js';

// Where the working days of the years around this one come from (SPEC §6), and, for the
// admin, loading a year's official schedule as soon as the State Council publishes it.

const lines = (text) => text.split(/\s+/).filter(Boolean);

async function sourceOf(year) {
  try {
    return await api(`/calendar/${year}`);
  } catch (err) {
    if (err instanceof Problem && err.body.code === 'CALENDAR_UNAVAILABLE') return { year, source: 'unavailable' };
    throw err;
  }
}

export async function calendarPage(main) {
  const thisYear = new Date().getFullYear();
  const years = await Promise.all([-1, 0, 1, 2].map((d) => sourceOf(thisYear + d)));
  put(
    main,
    h('h1', {}, t('cal.title')),
    table(
      { id: 'calendar-years' },
      [t('cal.year'), t('cal.source')],
      years.map((y) =>
        h(
          'tr',
          { 'data-year': y.year, 'data-source': y.source },
          h('td', {}, String(y.year)),
          h('td', {}, y.source === 'loaded' ? t('cal.loaded', { by: `${y.loadedBy} ${when(y.loadedAt)}` }) : t(`cal.${y.source}`)),
        ),
      ),
    ),
  );
  if (session.actor.role !== 'admin') return;
  const year = h('input', { id: 'cal-year', name: 'year', type: 'number', min: 2000, max: 2100, required: true, value: thisYear + 1 });
  const holidays = h('textarea', { id: 'cal-holidays', name: 'holidays', required: true });
  const workdays = h('textarea', { id: 'cal-workdays', name: 'workdays' });
  const out = h('div', { 'aria-live': 'polite' });
  put(
    main,
    card(
      'load',
      t('cal.load'),
      h(
        'form',
        {
          class: 'row',
          onsubmit: async (e) => {
            e.preventDefault();
            try {
              await api(`/calendar/${year.value}`, {
                method: 'PUT',
                body: { holidays: lines(holidays.value), workdays: lines(workdays.value) },
              });
              reload();
            } catch (err) {
              out.replaceChildren(problemBox(err));
            }
          },
        },
        h('label', { for: 'cal-year' }, t('cal.year'), year),
        h('label', { for: 'cal-holidays' }, t('cal.holidays'), holidays),
        h('label', { for: 'cal-workdays' }, t('cal.workdays'), workdays),
        h('button', { class: 'primary', type: 'submit' }, t('cal.load')),
      ),
      out,
    ),
  );
}
