import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { createRenderer, type Renderer } from '../documents/renderer';

declare module 'fastify' {
  interface FastifyInstance {
    renderer: Renderer;
  }
}

/** The PDF renderer thread: warmed when the app is ready if asked (the server asks), stopped when it closes. */
export const documentsPlugin = fp(
  async (app: FastifyInstance, opts: { warm: boolean }) => {
    const renderer = createRenderer();
    app.decorate('renderer', renderer);
    if (opts.warm) {
      app.addHook('onReady', async () => {
        const started = performance.now();
        await renderer.warm();
        app.log.info({ ms: Math.round(performance.now() - started) }, 'PDF renderer warmed');
      });
    }
    app.addHook('onClose', async () => renderer.close());
  },
  { name: 'documents' },
);
