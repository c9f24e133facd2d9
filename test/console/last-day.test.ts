import { join } from 'node:path';
import { expect, it } from 'vitest';
import { lastDayBefore, shanghaiMidnight } from '../../machines/rules/dates';

// One definition of a publicity's end date (issue 27, item 5): the console prints the last day
// of a publicity or deadline it reads from an application's context with its own copy of the
// service's function, which must say the same day for every instant.

it("the console's last day of a period is the service's", async () => {
  const ui = (await import(join(import.meta.dirname, '../../src/console/ui.js'))) as { lastDay(iso: string): string };
  const instants = [
    shanghaiMidnight('2021-08-17'),
    shanghaiMidnight('2022-01-01'),
    shanghaiMidnight('2024-03-01'),
    '2021-08-16T16:00:00.001Z',
    '2021-08-16T15:59:59.999Z',
    '2021-08-17T00:00:00+08:00',
    '2026-03-02T02:00:00.000Z',
  ];
  for (let day = 0; day < 400; day += 7)
    instants.push(new Date(Date.parse('2025-12-01T16:00:00Z') + day * 86_400_000 + day * 3_600_000).toISOString());
  for (const at of instants) expect(ui.lastDay(at), at).toBe(lastDayBefore(at));
  expect(ui.lastDay('2021-08-07T00:00:00+08:00')).toBe('2021-08-06');
});
