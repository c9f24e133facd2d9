import type { FastifyInstance } from 'fastify';

/** Why the service is not ready yet although it listens. */
type StartupReason = 'seeding the demo season';

/**
 * Work the server does once it listens and before it is ready (the demo season on a first
 * start): meanwhile /readyz answers 503 with the reason, and a request that may touch the
 * database waits for the work to end instead of failing. Its deadline starts when it is let
 * through, so no request is answered 503 for the wait.
 */
type Startup = {
  until(work: Promise<unknown>, reason: StartupReason): void;
  /** The reason, while work is pending. */
  pending(): StartupReason | undefined;
};

declare module 'fastify' {
  interface FastifyInstance {
    startup: Startup;
  }
}

/** The paths that wait: the API and the metrics (both read the database); health, docs and the console's files do not. */
const waits = (url: string) => url.startsWith('/v1/') || url.startsWith('/metrics');

/** Registered before the request deadline, so that the wait is not counted against it. */
export function holdRequestsWhileStarting(app: FastifyInstance): void {
  let work: { done: Promise<void>; reason: StartupReason } | undefined;
  app.decorate('startup', {
    until(promise, reason) {
      const done = promise.then(
        () => {},
        () => {},
      );
      work = { done, reason };
      void done.then(() => {
        if (work?.done === done) work = undefined;
      });
    },
    pending: () => work?.reason,
  });
  app.addHook('onRequest', async (req) => {
    if (work && waits(req.url)) await work.done;
  });
}
