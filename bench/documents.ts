// How long the document renderers take, measured: each PDF (review form, certificate,
// publicity list) rendered N times in one process after the fonts are parsed, its median
// printed beside the figure README records for it; then what rendering does to
// the thread that answers requests, inline and on the renderer thread the service uses
// (the event loop's delay while forms are made). Prints figures; asserts nothing.
//
//   npm run bench:documents    (BENCH_RUNS=50 by default, 3 with BENCH_SMOKE=1)
import { loadavg } from 'node:os';
import { renderCertificate } from '../src/documents/certificate';
import { cjkFont } from '../src/documents/fonts';
import { renderPublicityList } from '../src/documents/publicity-list-pdf';
import { createRenderer } from '../src/documents/renderer';
import { renderReviewForm } from '../src/documents/review-form';
import { certificateInput, publicityList, reviewFormInput, uploadedMaterials } from '../test/documents/fixtures';
import { idNumberFor } from '../test/support/factories';
import { fmt, ownRssMiB } from './support';

const RUNS = Number(process.env.BENCH_RUNS ?? (process.env.BENCH_SMOKE === '1' ? 3 : 50));

/** The medians README (Documents, PDF time) records, measured on this machine under load. */
const RECORDED: Record<string, string> = {
  'review form, 4 materials': '31–34 ms',
  'review form, 90 materials': '67–97 ms',
  certificate: '30–58 ms',
  'publicity list, 3 applicants': '15–21 ms',
  'publicity list, 200 applicants': '86–103 ms',
};

async function measure(name: string, render: () => Promise<Buffer>): Promise<void> {
  const times: number[] = [];
  let size = 0;
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    size = (await render()).length;
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(1);
  const recorded = RECORDED[name] ? `  (README: median ${RECORDED[name]})` : '  (README: none yet)';
  console.log(
    `${name.padEnd(34)} median ${at(0.5)} ms  p90 ${at(0.9)} ms  max ${at(1)} ms  ${(size / 1024).toFixed(0)} KB  RSS ${fmt(ownRssMiB(), 4)} MiB${recorded}`,
  );
}

const coldStart = performance.now();
cjkFont('regular');
cjkFont('bold');
console.log(`fonts opened (tables parse lazily)  ${(performance.now() - coldStart).toFixed(0)} ms`);
const firstStart = performance.now();
await renderReviewForm(reviewFormInput());
console.log(`first review form (cold: font tables, JIT)  ${(performance.now() - firstStart).toFixed(0)} ms`);
console.log(`${RUNS} runs each:`);

await measure('review form, 4 materials', () => renderReviewForm(reviewFormInput()));
await measure('review form, 90 materials', () => renderReviewForm(reviewFormInput({ materials: uploadedMaterials(90) })));
await measure('certificate', () => renderCertificate(certificateInput()));
await measure('publicity list, 3 applicants', () => renderPublicityList(publicityList()));
const crowd = Array.from({ length: 200 }, (_, i) => ({ ...publicityList().entries[i % 3]!, idNumber: idNumberFor(i) }));
await measure('publicity list, 200 applicants', () => renderPublicityList(publicityList({ entries: crowd })));
console.log(
  `load average while measured: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);

/**
 * How long the request thread goes unanswered while `forms` review forms are made, four at a
 * time: a 5 ms ticker stands in for requests, and each gap between its ticks is a wait.
 */
async function loopDelay(name: string, render: () => Promise<unknown>, forms = 40): Promise<void> {
  const gaps: number[] = [];
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    gaps.push(now - last);
    last = now;
  }, 5);
  const start = performance.now();
  for (let i = 0; i < forms; i += 4) await Promise.all([render(), render(), render(), render()]);
  const end = performance.now();
  clearInterval(ticker);
  gaps.push(end - last);
  gaps.sort((a, b) => a - b);
  const at = (q: number) => gaps[Math.min(gaps.length - 1, Math.floor(q * gaps.length))]!.toFixed(0);
  console.log(
    `${name.padEnd(34)} ${forms} forms in ${(end - start).toFixed(0)} ms; request thread's longest waits: p99 ${at(0.99)} ms, max ${at(1)} ms; RSS ${fmt(ownRssMiB(), 4)} MiB`,
  );
}

console.log('the request thread while review forms are made:');
await loopDelay('inline (on the request thread)', () => renderReviewForm(reviewFormInput()));
const renderer = createRenderer();
await renderer.warm();
await loopDelay('on the renderer thread', () => renderer.render({ kind: 'reviewForm', input: reviewFormInput() }));
await renderer.close();
