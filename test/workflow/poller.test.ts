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

it('runs the next round at once while rounds report work done, then waits for the tick', async () => {
  const backlog = [3, 2, 1, 0, 5];
  let rounds = 0;
  const stop = poll('test', 60_000, async () => backlog[rounds++], log);
  await sleep(100);
  await stop();
  // 3, 2 and 1 each called for another round at once; 0 waited for a tick a minute away.
  expect(rounds).toBe(4);
});
