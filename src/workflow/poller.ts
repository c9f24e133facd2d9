import type { FastifyBaseLogger } from 'fastify';

/**
 * Runs `task` now and every `everyMs` until stopped, never two rounds at once; a failed
 * round is logged and tried again at the next tick. Stopping waits for the round in flight.
 */
export function poll(name: string, everyMs: number, task: () => Promise<unknown>, log: FastifyBaseLogger): () => Promise<void> {
  let running: Promise<unknown> | null = null;
  const tick = () => {
    running ??= task()
      .catch((err) => log.error({ err }, `${name} round failed`))
      .finally(() => {
        running = null;
      });
  };
  tick();
  const handle = setInterval(tick, everyMs);
  return async () => {
    clearInterval(handle);
    await running;
  };
}
