import type { FastifyBaseLogger } from 'fastify';

/**
 * Runs `task` now and every `everyMs` until stopped, never two rounds at once; a failed
 * round is logged and tried again at the next tick. A round that reports work done (a count
 * above 0) is followed by another at once, so a backlog drains at the rate the work allows,
 * not one round a tick. Stopping waits for the round in flight.
 */
export function poll(name: string, everyMs: number, task: () => Promise<unknown>, log: FastifyBaseLogger): () => Promise<void> {
  let running: Promise<unknown> | null = null;
  let stopped = false;
  const tick = () => {
    running ??= task()
      .then((done) => {
        if (typeof done === 'number' && done > 0 && !stopped) setImmediate(() => !stopped && tick());
      })
      .catch((err) => log.error({ err }, `${name} round failed`))
      .finally(() => {
        running = null;
      });
  };
  tick();
  const handle = setInterval(tick, everyMs);
  return async () => {
    stopped = true;
    clearInterval(handle);
    await running;
  };
}
