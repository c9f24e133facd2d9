import { api } from '../api.js';
import { confirmDialog } from '../confirm.js';
import { eventLabel, t } from '../i18n.js';
import { link, refusalsInto, reload } from '../nav.js';
import { card, field, h, put, table, when } from '../ui.js';
import { reasonButton } from './reason.js';

// Webhook endpoints (admin): each with its events, whether it delivers or is paused, its
// deliveries with the receiver's last answer; pause, resume, test, a new signing key, removal.
// A key is shown once, when it is made: the receiver keeps it to check signatures.

/** What a delivery came to, in words. */
function deliveryState(d) {
  if (d.deliveredAt) return t('hooks.delivered', { at: when(d.deliveredAt) });
  if (d.givenUpAt) return t('hooks.givenUp', { at: when(d.givenUpAt) });
  return t('hooks.pending', { at: when(d.nextAttemptAt) });
}

export async function webhooksPage(main) {
  const { items } = await api('/webhooks');
  const out = h('div', { id: 'hooks-out', 'aria-live': 'polite' });
  const act = (run) => refusalsInto(out, run);
  put(
    main,
    h('h1', {}, t('hooks.title')),
    out,
    items.length === 0
      ? h('p', { class: 'muted' }, t('hooks.none'))
      : table(
          { id: 'hooks' },
          [t('hooks.url'), t('hooks.events'), t('inc.status'), t('plans.created'), t('col.actions')],
          items.map((w) =>
            h(
              'tr',
              { 'data-id': w.id, 'data-paused': String(Boolean(w.pausedAt)) },
              h('td', {}, w.url, deliveries(w)),
              h('td', {}, w.eventTypes.length ? w.eventTypes.map(eventLabel).join(t('sep.enum')) : t('hooks.allEvents')),
              h('td', {}, w.pausedAt ? t('hooks.paused', { at: when(w.pausedAt) }) : t('hooks.delivering')),
              h('td', {}, `${w.createdBy} · ${when(w.createdAt)}`),
              h(
                'td',
                { class: 'actions' },
                h(
                  'button',
                  {
                    type: 'button',
                    'data-action': 'pause',
                    onclick: act(async () => {
                      await api(`/webhooks/${w.id}`, { method: 'PATCH', body: { paused: !w.pausedAt } });
                      reload();
                    }),
                  },
                  w.pausedAt ? t('hooks.resume') : t('hooks.pause'),
                ),
                h(
                  'button',
                  {
                    type: 'button',
                    'data-action': 'ping',
                    onclick: act(async () => {
                      const ping = await api(`/webhooks/${w.id}/ping`, { method: 'POST' });
                      out.replaceChildren(
                        h(
                          'p',
                          { class: 'notice', role: 'status', id: 'ping-result' },
                          ping.status === null
                            ? t('hooks.pingFailed', { error: ping.error ?? '', ms: ping.ms })
                            : t('hooks.pinged', { status: ping.status, ms: ping.ms }),
                        ),
                      );
                    }),
                  },
                  t('hooks.ping'),
                ),
                reasonButton(
                  t('hooks.rotate'),
                  `rotate-${w.id}`,
                  async (reason) => {
                    const rotated = await api(`/webhooks/${w.id}/rotate-secret`, { method: 'POST', body: { reason } });
                    await showSecret(rotated.secret, t('hooks.overlap', { until: when(rotated.previousSecretUntil) }));
                  },
                  reload,
                ),
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'danger',
                    'data-action': 'delete',
                    onclick: act(async () => {
                      const sure = await confirmDialog({
                        title: t('hooks.delete'),
                        message: t('hooks.deleteConfirm', { url: w.url }),
                        confirmText: t('hooks.delete'),
                      });
                      if (!sure) return;
                      await api(`/webhooks/${w.id}`, { method: 'DELETE' });
                      reload();
                    }),
                  },
                  t('hooks.delete'),
                ),
              ),
            ),
          ),
        ),
    registerForm(act),
  );
}

/** The endpoint's deliveries, newest first, opened on demand. */
function deliveries(w) {
  const list = h('div');
  return h(
    'details',
    {
      'data-deliveries': w.id,
      ontoggle: async (e) => {
        if (!e.target.open || list.dataset.loaded) return;
        const page = await api(`/webhooks/${w.id}/deliveries?limit=50`);
        list.dataset.loaded = 'true';
        list.replaceChildren(
          page.items.length
            ? table(
                {},
                [t('hooks.event'), t('migrations.application'), t('hooks.attempts'), t('hooks.answer'), t('inc.status')],
                page.items.map((d) =>
                  h(
                    'tr',
                    { 'data-delivery': d.id },
                    h('td', {}, eventLabel(d.eventType)),
                    h('td', {}, link(`applications/${d.applicationId}`, t('audit.application'))),
                    h('td', {}, String(d.attempts)),
                    h('td', {}, d.lastStatus === null ? (d.lastError ?? t('audit.empty')) : `HTTP ${d.lastStatus}`),
                    h('td', {}, deliveryState(d)),
                  ),
                ),
              )
            : h('p', { class: 'muted' }, t('hooks.noDeliveries')),
        );
      },
    },
    h('summary', {}, t('hooks.deliveries')),
    list,
  );
}

/** A signing key, shown once in a dialog the admin closes when it is kept. */
function showSecret(secret, more = '') {
  return confirmDialog({
    title: t('hooks.secretTitle'),
    message: `${t('hooks.secret')} ${secret} ${more}`,
    confirmText: t('hooks.secretKept'),
  });
}

function registerForm(act) {
  const url = h('input', { id: 'hook-url', name: 'url', type: 'url', required: true, maxlength: 2000, placeholder: 'https://' });
  const form = h(
    'form',
    {
      class: 'row',
      id: 'hook-form',
      onsubmit: (e) => {
        e.preventDefault();
        return act(async () => {
          const created = await api('/webhooks', {
            method: 'POST',
            headers: { 'idempotency-key': crypto.randomUUID() },
            body: { url: url.value.trim() },
          });
          await showSecret(created.secret);
          reload();
        })();
      },
    },
    field(t('hooks.url'), url),
    h('button', { class: 'primary', type: 'submit' }, t('hooks.register')),
  );
  return card('register-hook', t('hooks.register'), h('p', { class: 'muted' }, t('hooks.registerHint')), form);
}
