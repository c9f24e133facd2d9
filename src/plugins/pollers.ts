import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { ManualClock } from '../clock';
import { followManualClock } from '../workflow/manual-clock';
import { deliverOutbox, type Sender } from '../workflow/outbox';
import { poll } from '../workflow/poller';
import { fireDueTimers } from '../workflow/timers';
import { guardedPoster } from '../workflow/webhook-destinations';
import { deliverWebhooks, httpPoster } from '../workflow/webhooks';

export type PollerOptions = { everyMs: number; send: Sender; manualClock?: ManualClock };

/**
 * Durable timers, the outbox and webhook deliveries, processed in the background from the moment the app is
 * ready (timers that fell due while the service was down fire on the first round) until it
 * closes; closing waits for the round in flight, before the database closes.
 */
export const pollersPlugin = fp(
  async (app: FastifyInstance, opts: PollerOptions) => {
    const stops: (() => Promise<void>)[] = [];
    app.addHook('onReady', async () => {
      const { manualClock } = opts;
      // Another replica may have moved the manual clock: each timer round first takes its time.
      const timerRound = async () => {
        if (manualClock) await followManualClock(app.db, manualClock);
        return fireDueTimers(app.db, app.clock, app.log, app.timerWidth);
      };
      stops.push(poll('timer', opts.everyMs, timerRound, app.log));
      stops.push(poll('outbox', opts.everyMs, () => deliverOutbox(app.db, app.clock, opts.send), app.log));
      stops.push(
        poll(
          'webhooks',
          opts.everyMs,
          () => deliverWebhooks(app.db, app.clock, guardedPoster(httpPoster, app.webhookDestinations)),
          app.log,
        ),
      );
    });
    app.addHook('onClose', async () => {
      await Promise.all(stops.map((stop) => stop()));
    });
  },
  { name: 'pollers', dependencies: ['database'] },
);
