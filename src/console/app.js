import { api, Problem, session } from './api.js';
import { lang, setLang, t } from './i18n.js';
import { BASE, go, link, NAVIGATE, problemBox } from './nav.js';
import { applicationPage } from './pages/application.js';
import { auditPage } from './pages/audit.js';
import { bansPage } from './pages/bans.js';
import { batchesPage } from './pages/batches.js';
import { calendarPage } from './pages/calendar.js';
import { dashboardPage } from './pages/dashboard.js';
import { findPage } from './pages/find.js';
import { incidentsPage } from './pages/incidents.js';
import { migrationsPage } from './pages/migrations.js';
import { plansPage } from './pages/plans.js';
import { unitsPage } from './pages/units.js';
import { webhooksPage } from './pages/webhooks.js';
import { h, put } from './ui.js';

// The console's shell: a page per path under /console/, the filters of a page in its query
// string, so that every view can be shared and reloaded.

const pages = [
  { path: '', nav: 'nav.dashboard', render: dashboardPage },
  { path: 'find', nav: 'nav.find', render: findPage },
  { path: 'incidents', nav: 'nav.incidents', render: incidentsPage, roles: ['unit', 'hr', 'committee', 'admin'] },
  { path: 'bans', nav: 'nav.bans', render: bansPage, roles: ['applicant', 'hr', 'committee', 'admin'] },
  { path: 'plans', nav: 'nav.plans', render: plansPage, roles: ['unit', 'hr', 'committee', 'admin'] },
  { path: 'calendar', nav: 'nav.calendar', render: calendarPage, roles: ['unit', 'hr', 'committee', 'admin'] },
  { path: 'units', nav: 'nav.units', render: unitsPage, roles: ['unit', 'hr', 'committee', 'admin'] },
  { path: 'batches', nav: 'nav.batches', render: batchesPage, roles: ['unit', 'hr', 'committee', 'admin'] },
  { path: 'webhooks', nav: 'nav.webhooks', render: webhooksPage, roles: ['admin'] },
  { path: 'migrations', nav: 'nav.migrations', render: migrationsPage, roles: ['admin'] },
  { path: 'audit', nav: 'nav.audit', render: auditPage, roles: ['admin'] },
];

function header() {
  const actor = session.actor;
  document.documentElement.lang = lang() === 'en' ? 'en' : 'zh-CN';
  document.getElementById('brand').textContent = t('brand');
  document.getElementById('skip').textContent = t('skip');
  const here = location.pathname.slice(BASE.length);
  const nav = document.getElementById('nav');
  nav.setAttribute('aria-label', t('nav.main'));
  nav.replaceChildren(
    ...(actor
      ? pages
          .filter((p) => !p.roles || p.roles.includes(actor.role))
          .map((p) => {
            const a = link(p.path, t(p.nav));
            if (here === p.path || (p.path === 'find' && here.startsWith('applications/'))) a.setAttribute('aria-current', 'page');
            return a;
          })
      : []),
  );
  document.getElementById('who').textContent = actor ? `${t(`role.${actor.role}`)} · ${actor.label ?? actor.sub}` : '';
  const langButton = document.getElementById('lang');
  // Its name starts with what it shows (WCAG 2.5.3), written in the language it names (3.1.2).
  langButton.textContent = t('lang');
  langButton.lang = lang() === 'en' ? 'zh-CN' : 'en';
  langButton.setAttribute('aria-label', `${t('lang')} · ${t('lang.label')}`);
  langButton.onclick = () => {
    setLang(lang() === 'en' ? 'zh' : 'en');
    render();
  };
  const out = document.getElementById('sign-out');
  out.hidden = !actor;
  out.textContent = t('signOut');
  out.onclick = async () => {
    await session.signOut();
    go('');
  };
}

async function signInPage(main) {
  const token = h('input', { id: 'token', name: 'token', autocomplete: 'off', required: true });
  const message = h('div', { 'aria-live': 'polite' });
  // The token is sent once, in a header, for the session cookie; it is kept nowhere.
  const signIn = async (value) => {
    try {
      await session.signIn(value);
    } catch (err) {
      if (!(err instanceof Problem) || err.status !== 401) throw err;
      message.replaceChildren(h('p', { class: 'problem', role: 'alert' }, t('signin.bad')));
      return;
    }
    render();
  };
  put(
    main,
    h('h1', {}, t('signin.title')),
    h(
      'form',
      {
        class: 'row',
        onsubmit: (e) => {
          e.preventDefault();
          signIn(token.value.trim());
        },
      },
      h('label', { for: 'token' }, t('signin.token'), token),
      h('button', { class: 'primary', type: 'submit' }, t('signin.submit')),
    ),
    message,
  );
  // The demo sign-in exists only with the embedded demo data; anywhere else it is a 404 and nothing shows.
  const demo = await api('/demo/actors').catch(() => null);
  if (!demo) return;
  put(
    main,
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'demo-title' },
      h('h2', { id: 'demo-title' }, t('signin.demo')),
      h('p', { class: 'muted' }, t('signin.demoHint')),
      h(
        'div',
        { class: 'signin-list' },
        demo.items.map((a) =>
          h(
            'button',
            {
              type: 'button',
              'data-role': a.role,
              onclick: () => signIn(a.token),
            },
            `${t(`role.${a.role}`)} · ${a.label}`,
          ),
        ),
      ),
    ),
  );
}

let rendering = 0;
let signedInChecked = false;

/** Draws the page the address names; a page drawn late (the user moved on) is dropped. */
async function render() {
  const turn = ++rendering;
  // Tests and assistive tools can tell a page still being drawn from a drawn one.
  delete document.body.dataset.ready;
  if (!signedInChecked) {
    await session.load();
    signedInChecked = true;
  }
  header();
  const main = h('main', { id: 'main', tabindex: '-1' });
  const path = location.pathname.startsWith(BASE) ? decodeURIComponent(location.pathname.slice(BASE.length)) : '';
  const params = new URLSearchParams(location.search);
  try {
    if (!session.actor) await signInPage(main);
    else if (path.startsWith('applications/')) await applicationPage(main, path.slice('applications/'.length));
    else {
      const page = pages.find((p) => p.path === path && (!p.roles || p.roles.includes(session.actor.role))) ?? pages[0];
      await page.render(main, params);
    }
  } catch (err) {
    // Signed out meanwhile (here, in another tab or another browser) or the session expired.
    if (err instanceof Problem && err.status === 401 && session.actor) {
      session.actor = null;
      return render();
    }
    main.replaceChildren(h('h1', {}, t('error.title')), problemBox(err));
  }
  if (turn !== rendering) return;
  const old = document.getElementById('main');
  const focused = old.contains(document.activeElement);
  old.replaceWith(main);
  document.body.dataset.ready = path;
  if (!focused) main.focus({ preventScroll: true });
}

addEventListener('popstate', render);
session.onChange = async () => {
  await session.load();
  render();
};
addEventListener(NAVIGATE, render);
render();
