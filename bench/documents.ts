// How long the document renderers take, measured: a review form and a certificate
// rendered N times in one process after the fonts are parsed; then what rendering does to
// the thread that answers requests, inline and on the renderer thread the service uses
// (the event loop's delay while forms are made). Prints figures; asserts nothing.
//
//   npm run bench:documents    (BENCH_RUNS=50 by default, 3 with BENCH_SMOKE=1)
import { renderCertificate } from '../src/documents/certificate';
import { cjkFont } from '../src/documents/fonts';
import { createRenderer } from '../src/documents/renderer';
import { renderReviewForm } from '../src/documents/review-form';
import { certificateInput, reviewFormInput, uploadedMaterials } from '../test/documents/fixtures';

const RUNS = Number(process.env.BENCH_RUNS ?? (process.env.BENCH_SMOKE === '1' ? 3 : 50));

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
  console.log(`${name.padEnd(34)} median ${at(0.5)} ms  p90 ${at(0.9)} ms  max ${at(1)} ms  ${(size / 1024).toFixed(0)} KB`);
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
    `${name.padEnd(34)} ${forms} forms in ${(end - start).toFixed(0)} ms; request thread's longest waits: p99 ${at(0.99)} ms, max ${at(1)} ms`,
  );
}

console.log('the request thread while review forms are made:');
await loopDelay('inline (on the request thread)', () => renderReviewForm(reviewFormInput()));
const renderer = createRenderer();
await renderer.warm();
await loopDelay('on the renderer thread', () => renderer.render({ kind: 'reviewForm', input: reviewFormInput() }));
await renderer.close();
