import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { createRenderer, type Renderer } from '../documents/renderer';

declare module 'fastify' {
  interface FastifyInstance {
    renderer: Renderer;
  }
}

/**
 * The PDF renderer thread, started by the first PDF asked for and stopped when the app closes.
 * Not warmed at start: it goes after a minute without a PDF, so a warm-up would serve only a
 * PDF asked for in the service's first minute, and cost start-up 120 MiB and its CPU.
 */
export const documentsPlugin = fp(
  async (app: FastifyInstance) => {
    const renderer = createRenderer();
    app.decorate('renderer', renderer);
    app.addHook('onClose', async () => renderer.close());
  },
  { name: 'documents' },
);
