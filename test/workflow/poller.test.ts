import pino from 'pino';
import { expect, it } from 'vitest';
import { poll } from '../../src/workflow/poller';

const log = pino({ level: 'silent' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it('never runs two rounds at once, survives a failed round, and stops only after the round in flight', async () => {
  let active = 0;
  let maxActive = 0;
  let rounds = 0;
  let finished = 0;
  const stop = poll(
    'test',
    5,
    async () => {
      rounds += 1;
      active += 1;
      maxActive = Math.max(maxActive, active);
      await sleep(20);
      active -= 1;
      finished += 1;
      if (rounds === 1) throw new Error('first round fails');
    },
    log,
  );
  await sleep(70);
  await stop();
  expect(maxActive).toBe(1);
  expect(rounds).toBeGreaterThan(1);
  expect(finished).toBe(rounds);
  const after = rounds;
  await sleep(30);
  expect(rounds).toBe(after);
});
