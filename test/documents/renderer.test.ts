import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, expect, it } from 'vitest';
import { createRenderer } from '../../src/documents/renderer';

// Issue 29, item 2: the PDF thread holds about 100 MiB once it has made a PDF (fonts, layout
// code); without a job for a while it goes, and the next PDF starts another.

const IDLE_MS = 300;
const renderer = createRenderer({ idleMs: IDLE_MS });
afterAll(() => renderer.close());

const certificate = (number: string) =>
  renderer.render({
    kind: 'certificate',
    input: {
      certificateNumber: number,
      name: '张伟',
      idNumber: '330282199005120011',
      level: 'intermediate',
      specialty: '建设工程',
      year: 2021,
      issuedOn: '2021-12-01',
      issuer: '慈溪市人力资源和社会保障局',
      committee: '慈溪市工程系列中级职称评审委员会',
      verificationUrl: 'http://127.0.0.1/',
      verificationCode: '0000-0000-0000',
      verificationPage: 'http://127.0.0.1/',
    },
  });

it('stops its thread once idle, keeps it while jobs come, and starts another for the next PDF', async () => {
  expect(renderer.running()).toBe(false);
  const first = await certificate('CX2021M01-0001');
  expect(first.subarray(0, 5).toString()).toBe('%PDF-');
  expect(renderer.running()).toBe(true);
  // Jobs closer together than the idle time keep it.
  for (let i = 0; i < 3; i++) {
    await sleep(IDLE_MS / 3);
    await certificate(`CX2021M01-000${i + 2}`);
    expect(renderer.running()).toBe(true);
  }
  await sleep(IDLE_MS * 3);
  expect(renderer.running()).toBe(false);
  // Two at once on the new thread, while the old one's exit is long past.
  const again = await Promise.all([certificate('CX2021M01-0010'), certificate('CX2021M01-0011')]);
  for (const pdf of again) expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  expect(renderer.running()).toBe(true);
}, 120_000);
