import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { createRenderer, type Renderer } from '../documents/renderer';

declare module 'fastify' {
  interface FastifyInstance {
    renderer: Renderer;
  }
}

/** The PDF renderer thread: warmed from when the app is ready if asked (the server asks), stopped when it closes. */
export const documentsPlugin = fp(
  async (app: FastifyInstance, opts: { warm: boolean }) => {
    const renderer = createRenderer();
    app.decorate('renderer', renderer);
    if (opts.warm) {
      // Not awaited: loading the CJK font can outlast the ready timeout on a busy machine, and a
      // form asked for meanwhile simply waits for the warm-up on the renderer's thread.
      app.addHook('onReady', async () => {
        const started = performance.now();
        renderer.warm().then(
          () => app.log.info({ ms: Math.round(performance.now() - started) }, 'PDF renderer warmed'),
          (err) => app.log.warn({ err }, 'PDF renderer warm-up failed'),
        );
      });
    }
    app.addHook('onClose', async () => renderer.close());
  },
  { name: 'documents' },
);
