import { api, Problem } from '../api.js';
import { t } from '../i18n.js';
import { card, h, when } from '../ui.js';

// Documents a click away (issue 27): plain links to the API's document routes. The session
// cookie goes with them (SameSite=Strict, same site), so they open or download in the browser
// with the file name the service gives, and no token is ever put in an address.

/** A link that downloads what the service answers, under the name its Content-Disposition gives. */
const download = (href, text, attrs = {}) => h('a', { href, download: '', class: 'doc', ...attrs }, text);

/** A link that opens a printable page in a new tab. */
const newTab = (href, text, attrs = {}) => h('a', { href, target: '_blank', rel: 'noopener', class: 'doc', ...attrs }, text);

/** A review form's code in two groups of four, as the form prints it. */
const grouped = (code) => code.replace(/^(.{4})(.{4})$/, '$1-$2');

/** The certificate as GET /v1/applications/:id/certificate answers it, or the revocation the 410 names. */
async function certificateOf(id) {
  try {
    return await api(`/applications/${id}/certificate`);
  } catch (err) {
    if (err instanceof Problem && err.status === 410) return { revoked: err.body };
    if (err instanceof Problem && err.status === 404) return null;
    throw err;
  }
}

/** The application's documents: review form, certificate with its public verification, each uploaded file. */
export async function documentsCard(view) {
  const { context } = view;
  const base = `/v1/applications/${view.id}`;
  const hasCertificate = view.state === 'certified' || view.state === 'revoked';
  const certificate = hasCertificate ? await certificateOf(view.id) : null;
  const items = [];
  if (context.reviewForm)
    items.push(
      h(
        'li',
        { id: 'doc-review-form' },
        download(`${base}/review-form.pdf`, t('doc.reviewForm')),
        ' ',
        h(
          'span',
          { class: 'muted' },
          t('doc.reviewFormCode', { code: grouped(context.reviewForm.verificationCode), at: when(context.reviewForm.issuedAt) }),
        ),
      ),
    );
  if (certificate?.revoked)
    items.push(
      h(
        'li',
        { id: 'doc-certificate' },
        t('doc.certificateRevoked', { number: certificate.revoked.number, at: when(certificate.revoked.revokedAt) }),
      ),
    );
  else if (certificate)
    items.push(
      h(
        'li',
        { id: 'doc-certificate' },
        download(`${base}/certificate.pdf`, t('doc.certificate', { number: certificate.number })),
        ' · ',
        newTab(
          `/v1/public/certificates/${encodeURIComponent(certificate.verificationCode)}`,
          t('doc.verify', { code: certificate.verificationCode }),
          {
            id: 'doc-verify',
          },
        ),
      ),
    );
  const files = context.materials.map((m) =>
    h(
      'li',
      { 'data-sha256': m.sha256 },
      download(`${base}/materials/${m.sha256}`, m.name),
      ' ',
      h('span', { class: 'muted' }, t(`material.${m.kind}`)),
    ),
  );
  return card(
    'documents',
    t('doc.title'),
    items.length ? h('ul', { id: 'documents' }, items) : h('p', { class: 'muted' }, t('doc.noneYet')),
    h('h3', {}, t('app.materials')),
    files.length ? h('ul', { id: 'materials' }, files) : h('p', { class: 'muted' }, t('app.noMaterials')),
    context.materialsReturnedAt ? h('p', { class: 'notice' }, t('doc.returned', { at: when(context.materialsReturnedAt) })) : null,
  );
}

/** The publicity lists in progress (hr, committee, admin): each as CSV and as a printable page, and a PDF where the service makes one. */
export async function publicityListsCard(planId) {
  const { items } = await api(`/publicity-lists${planId ? `?planId=${encodeURIComponent(planId)}` : ''}`);
  return card(
    'lists',
    t('doc.lists'),
    items.length === 0
      ? h('p', { class: 'muted' }, t('dash.none'))
      : h(
          'ul',
          { id: 'publicity-lists' },
          items.map((l) =>
            h(
              'li',
              { 'data-stage': l.stage, 'data-start': l.start },
              t('doc.list', { stage: t(`stage.${l.stage}`), start: l.start, end: l.end, n: l.applications }),
              ' ',
              download(l.csv, 'CSV', { 'aria-label': t('doc.listCsv', { stage: t(`stage.${l.stage}`), start: l.start }) }),
              ' · ',
              newTab(l.html, t('doc.print'), { 'aria-label': t('doc.listHtml', { stage: t(`stage.${l.stage}`), start: l.start }) }),
              l.pdf
                ? [' · ', download(l.pdf, 'PDF', { 'aria-label': t('doc.listPdf', { stage: t(`stage.${l.stage}`), start: l.start }) })]
                : null,
            ),
          ),
        ),
  );
}
