import { api, Problem } from '../api.js';
import { t } from '../i18n.js';
import { problemBox } from '../nav.js';
import { card, field, h } from '../ui.js';
import { select } from './inputs.js';

// A draft's files: the checklist its facts call for, the upload area, the files uploaded.

/** One file sent as multipart (kind first, then the file), with its progress shown as it goes. */
function send(view, kind, file, progress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/v1/applications/${view.id}/materials`);
    xhr.setRequestHeader('x-requested-with', 'title-review-console');
    xhr.setRequestHeader('accept-language', document.documentElement.lang === 'en' ? 'en' : 'zh');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) progress.value = e.loaded / e.total;
    };
    xhr.onload = () => {
      const body = xhr.getResponseHeader('content-type')?.includes('json') ? JSON.parse(xhr.responseText) : undefined;
      if (xhr.status >= 200 && xhr.status < 300) resolve(body);
      else reject(new Problem(xhr.status, body));
    };
    xhr.onerror = () => reject(new Problem(0, { status: 0, code: 'NETWORK', detail: t('draft.network') }));
    const data = new FormData();
    data.append('kind', kind);
    data.append('file', file, file.name);
    xhr.send(data);
  });
}

/** The files the draft's facts call for, ticked when uploaded, and an area to upload more. */
export function uploadCard(view, redraw, materialKinds) {
  const checklist = view.materialChecklist;
  const kindSelect = select('kind', materialKinds, checklist.find((c) => !c.uploaded)?.kind ?? 'achievement', {
    label: (k) => t(`material.${k}`),
  });
  const input = h('input', { type: 'file', name: 'file', multiple: true, accept: 'application/pdf,image/jpeg,image/png', required: true });
  const progressList = h('ul', { id: 'upload-progress', class: 'plain' });
  const form = h(
    'form',
    {
      id: 'upload-form',
      onsubmit: async (e) => {
        e.preventDefault();
        const files = [...input.files];
        const bars = files.map((file) => {
          const progress = h('progress', { max: 1, value: 0, 'aria-label': file.name });
          progressList.append(h('li', { 'data-file': file.name }, `${file.name} `, progress));
          return progress;
        });
        try {
          // One after another: each upload is a new version of the draft.
          for (const [i, file] of files.entries()) await send(view, kindSelect.value, file, bars[i]);
          await redraw(h('p', { class: 'notice', role: 'status' }, t('draft.uploaded', { n: files.length })));
        } catch (err) {
          if (!(err instanceof Problem) || err.status >= 500) throw err;
          progressList.append(h('li', {}, problemBox(err)));
        }
      },
    },
    h('div', { class: 'row' }, field(t('draft.kind'), kindSelect), field(t('draft.files'), input)),
    h('div', { class: 'actions' }, h('button', { class: 'primary', type: 'submit' }, t('draft.upload'))),
  );
  return card(
    'upload',
    t('draft.uploadTitle'),
    checklist.length
      ? h(
          'ul',
          { id: 'checklist', class: 'plain' },
          checklist.map((c) =>
            h(
              'li',
              { 'data-kind': c.kind, 'data-uploaded': String(c.uploaded) },
              h('strong', {}, `${c.uploaded ? '✓' : '✗'} ${t(`material.${c.kind}`)}`),
              ` ${c.uploaded ? t('draft.have') : t('draft.need')}（${c.clause}）`,
              h('br'),
              h('span', { class: 'muted' }, c.detail),
            ),
          ),
        )
      : h('p', { class: 'muted', id: 'checklist' }, t('draft.nothingNeeded')),
    form,
    progressList,
    view.context.materials.length
      ? h(
          'ul',
          { id: 'draft-files', class: 'plain' },
          view.context.materials.map((m) =>
            h(
              'li',
              { 'data-file': m.name },
              `${t(`material.${m.kind}`)}：${m.name} `,
              h(
                'button',
                {
                  type: 'button',
                  onclick: async () => {
                    try {
                      await api(`/applications/${view.id}/materials/${m.sha256}`, { method: 'DELETE' });
                      await redraw(h('p', { class: 'notice', role: 'status' }, t('draft.removed', { name: m.name })));
                    } catch (err) {
                      if (!(err instanceof Problem) || err.status >= 500) throw err;
                      progressList.append(h('li', {}, problemBox(err)));
                    }
                  },
                },
                t('draft.removeFile'),
              ),
            ),
          ),
        )
      : null,
  );
}
