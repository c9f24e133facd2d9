// How long the document renderers take, measured: a review form and a certificate
// rendered N times in one process after the fonts are parsed. Prints figures; asserts
// nothing.
//
//   npm run bench:documents    (BENCH_RUNS=50 by default)
import { renderCertificate } from '../src/documents/certificate';
import { cjkFont } from '../src/documents/fonts';
import { renderReviewForm } from '../src/documents/review-form';
import { applicantId, reviewFormInput, uploadedMaterials } from '../test/documents/fixtures';

const RUNS = Number(process.env.BENCH_RUNS ?? 50);

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
await measure('certificate', () =>
  renderCertificate({
    certificateNumber: 'CX2021-GC-000127',
    name: '王喆',
    idNumber: applicantId,
    level: 'intermediate',
    specialty: '建设工程',
    year: 2021,
    issuedOn: '2021-12-06',
    issuer: '慈溪市人力资源和社会保障局',
    verificationUrl: 'https://titles.example.cn/v1/certificates/verify/K7Q2M9XD',
    verificationCode: 'K7Q2-M9XD',
  }),
);
