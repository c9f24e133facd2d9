import { api, Problem, session } from '../api.js';
import { confirmSingle } from '../confirm.js';
import { drawDiagram } from '../diagram.js';
import { apiDocument, eventFields, eventSchemas, payloadOf } from '../forms.js';
import { eventLabel, stateLabel, t } from '../i18n.js';
import { problemBox } from '../nav.js';
import { problemLines } from '../problems.js';
import { card, h, put, when } from '../ui.js';
import { definitionName, machine, planName, plans } from './common.js';
import { documentsCard } from './documents.js';
import { draftForm } from './draft.js';
import { recordCards } from './record.js';
import { actorName, remarkText } from './record-text.js';
import { uploadCard } from './upload.js';

// One application: facts, materials, where it stands on its machine's diagram, its history,
// and the events the signed-in role may send now.

/** The kinds of file an upload may be, as the upload's documented body lists them. */
const materialKindsOf = (doc) =>
  doc.paths['/v1/applications/{id}/materials'].post.requestBody.content['multipart/form-data'].schema.properties.kind.enum;

/** `host`: the page's element on screen, which a redraw drawn into a detached `main` replaces. */
export async function applicationPage(main, id, notice = null, host = main) {
  let view;
  try {
    view = await api(`/applications/${encodeURIComponent(id)}`);
  } catch (err) {
    // 404 for an application the caller may not see: the API never says it exists (SPEC §1).
    if (err instanceof Problem && (err.status === 404 || err.status === 400)) {
      put(main, h('h1', {}, t('app.notFound')), problemBox(err));
      return;
    }
    throw err;
  }
  const [history, definition, schemas, documents, unit, planList] = await Promise.all([
    api(`/applications/${view.id}/history`),
    machine(view.definitionVersion),
    eventSchemas(),
    documentsCard(view),
    // The unit by its registered name; its id only if the registry does not answer.
    api(`/units/${encodeURIComponent(view.unitId)}`).catch(() => null),
    plans().catch(() => []),
  ]);
  const unitName = unit?.name ?? null;
  const { context } = view;
  const redraw = async (message) => {
    const next = h('main', { id: 'main', tabindex: '-1' });
    await applicationPage(next, view.id, message, host);
    host.replaceChildren(...next.childNodes);
  };
  const visited = new Set(history.items.flatMap((e) => [e.from, e.to]).filter(Boolean));
  // The diagram follows the page: its layout engine (1.6 MB) loads and runs while the facts are already on screen.
  const diagram = h('div', { 'aria-busy': 'true' }, h('p', { class: 'muted' }, t('diagram.drawing')));
  drawDiagram(definition, view.state, visited)
    .then(
      (figure) => diagram.replaceChildren(figure),
      (err) => {
        console.error(err);
        diagram.replaceChildren(h('p', { class: 'muted' }, t('diagram.failed')));
      },
    )
    .finally(() => diagram.removeAttribute('aria-busy'));
  // The applicant edits the draft in forms, not through the generic event form.
  const editing = view.state === 'draft' && view.allowedEvents.includes('UPDATE_DRAFT');
  const applicant = session.actor.role === 'applicant';

  put(
    main,
    h(
      'h1',
      {},
      `${context.facts.name} · `,
      h('span', { class: 'state', id: 'app-state', 'data-state': view.state }, stateLabel(view.state)),
    ),
    h('div', { id: 'outcome', 'aria-live': 'polite' }, notice),
    h(
      'div',
      { class: 'grid' },
      card(
        'facts',
        t('app.facts'),
        h(
          'dl',
          { class: 'facts' },
          [
            [t('col.idNumber'), view.idNumber],
            [t('app.plan'), planName(context.plan)],
            [t('app.definition'), definitionName(definition)],
            [t('app.unit'), unitName ?? view.unitId],
            [t('app.state'), stateLabel(view.state)],
            [t('app.version'), String(view.version)],
            [t('app.created'), when(view.createdAt)],
            context.submittedAt ? [t('fact.submittedAt'), when(context.submittedAt)] : null,
            [t('col.updated'), when(view.updatedAt)],
          ]
            .filter(Boolean)
            .map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]),
        ),
      ),
      actions(view, schemas, redraw, editing ? ['UPDATE_DRAFT'] : []),
      // An applicant's documents (the certificate, their files) stand beside what they may do, not at the foot of the page.
      applicant ? documents : null,
    ),
    editing ? draftForm(view, redraw) : null,
    editing ? uploadCard(view, redraw, materialKindsOf(await apiDocument())) : null,
    ...recordCards(view, history, unitName, planList),
    card('diagram', t('app.diagram'), diagram),
    h(
      'div',
      { class: 'grid' },
      card(
        'history',
        t('app.history'),
        h(
          'ol',
          { class: 'timeline', id: 'timeline' },
          history.items.map((e) =>
            h(
              'li',
              { 'data-seq': e.seq, 'data-type': e.type },
              h('strong', {}, eventLabel(e.type)),
              ` ${e.from ? `${stateLabel(e.from)} → ` : ''}${stateLabel(e.to)}`,
              h('br'),
              h('span', { class: 'muted' }, `${when(e.at)} · ${actorName(e.actor, view, unitName)}`),
              e.actor.onBehalfOf ? h('span', { class: 'muted' }, ` (${e.actor.onBehalfOf.sub}: ${e.actor.onBehalfOf.reason})`) : null,
              remarkText(e) ? h('p', { class: 'remark' }, remarkText(e)) : null,
              h('details', {}, h('summary', {}, t('app.payload')), h('pre', {}, JSON.stringify(e.payload, null, 2))),
            ),
          ),
        ),
      ),
      applicant ? null : documents,
    ),
    card(
      'raw',
      t('sec.raw'),
      h(
        'details',
        { id: 'raw-context' },
        h('summary', {}, t('sec.rawHint')),
        h('pre', {}, JSON.stringify({ state: view.state, definitionVersion: view.definitionVersion, context }, null, 2)),
      ),
    ),
  );
}

/** A button per allowed event (but those with a form `elsewhere` on the page); a button opens its small form; the answer redraws the page. */
function actions(view, schemas, redraw, elsewhere) {
  const slot = h('div');
  const open = (type, button) => {
    const form = h(
      'form',
      {
        class: 'card',
        'data-event': type,
        'aria-label': eventLabel(type),
        onsubmit: async (e) => {
          e.preventDefault();
          let payload;
          try {
            payload = payloadOf(form);
          } catch (err) {
            slot.replaceChildren(form, problemBox(err));
            return;
          }
          // A destructive event is confirmed first; a finding or a revocation by typing the name.
          if (!(await confirmSingle(type, view.context.facts.name))) return;
          try {
            // If-Match: the event is meant for the application as shown, not as someone else has since changed it.
            const result = await api(`/applications/${view.id}/events`, {
              method: 'POST',
              headers: { 'if-match': String(view.version), 'idempotency-key': crypto.randomUUID() },
              body: { type, ...payload },
            });
            await redraw(
              h('p', { class: 'notice', role: 'status' }, t('app.sent', { event: eventLabel(type), state: stateLabel(result.state) })),
            );
          } catch (err) {
            if (!(err instanceof Problem) || err.status >= 500) throw err;
            const instead = err.body.allowedEvents ?? (await api(`/applications/${view.id}`)).allowedEvents;
            await redraw(
              problemBox(
                err,
                h('p', {}, instead.length ? t('app.instead') : t('app.insteadNone'), ' ', instead.map(eventLabel).join(t('sep.enum'))),
              ),
            );
          }
        },
      },
      h('h3', {}, eventLabel(type)),
      h('div', { class: 'row' }, eventFields(schemas.get(type))),
      h(
        'div',
        { class: 'actions' },
        h('button', { class: 'primary', type: 'submit' }, t('app.send')),
        h(
          'button',
          {
            type: 'button',
            onclick: () => {
              slot.replaceChildren();
              button.focus();
            },
          },
          t('app.cancel'),
        ),
      ),
    );
    slot.replaceChildren(form);
    form.querySelector('input, select, textarea, button')?.focus();
  };
  const buttons = view.allowedEvents
    .filter((type) => !elsewhere.includes(type))
    .map((type) => {
      const button = h('button', { type: 'button', 'data-event': type, onclick: () => open(type, button) }, eventLabel(type));
      return button;
    });
  return card(
    'actions',
    [t('app.actions'), ' ', h('span', { class: 'muted' }, t(`role.${session.actor.role}`))],
    buttons.length ? h('div', { class: 'actions', id: 'events' }, buttons) : h('p', { class: 'muted' }, t('app.noActions')),
    slot,
    view.blockedEvents.length
      ? h(
          'div',
          {},
          h('h3', {}, t('app.blocked')),
          h(
            'ul',
            {},
            view.blockedEvents.map((b) =>
              h(
                'li',
                { 'data-event': b.type, 'data-code': b.code },
                `${eventLabel(b.type)}${t('sep.colon')}${b.detail}`,
                problemLines(b).map((l) => [h('br'), l]),
              ),
            ),
          ),
        )
      : null,
  );
}
