import { Worker } from 'node:worker_threads';
import type { RenderJob } from './render-job';

// PDFs are laid out on a thread of their own: a review form takes tens of milliseconds of
// CPU (README, Documents), which on the request thread would stall every other request,
// transitions included, for as long. One thread: PDFs are rare next to transitions, and
// the machine has two cores.

type Reply = { id: number; ok: true; bytes?: Uint8Array } | { id: number; ok: false; error: string };
type Pending = { resolve: (bytes: Buffer) => void; reject: (err: Error) => void };

// The service runs its TypeScript through tsx; a worker thread has to register it itself.
const BOOT = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(
  new URL('./render-worker.ts', import.meta.url).href,
)}); });`;

export type Renderer = {
  render(job: RenderJob): Promise<Buffer>;
  /** Makes one PDF of each kind, so the first a user asks for is as fast as the rest. */
  warm(): Promise<void>;
  close(): Promise<void>;
};

export function createRenderer(): Renderer {
  let worker: Worker | null = null;
  let nextId = 0;
  const pending = new Map<number, Pending>();

  const failAll = (err: Error) => {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };

  /** Started on first use; a thread that died is replaced by the next request. */
  function thread(): Worker {
    if (worker) return worker;
    const started = new Worker(BOOT, { eval: true });
    started.on('message', (reply: Reply) => {
      const p = pending.get(reply.id);
      pending.delete(reply.id);
      if (!p) return;
      if (reply.ok) p.resolve(Buffer.from(reply.bytes ?? []));
      else p.reject(new Error(`PDF rendering failed: ${reply.error}`));
    });
    started.on('error', (err) => {
      worker = null;
      failAll(err);
    });
    started.on('exit', () => {
      if (worker === started) worker = null;
      failAll(new Error('the PDF renderer stopped'));
    });
    worker = started;
    return started;
  }

  function ask(job: RenderJob | 'warm'): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      thread().postMessage({ id, job });
    });
  }

  return {
    render: (job) => ask(job),
    warm: async () => {
      await ask('warm');
    },
    close: async () => {
      const stopping = worker;
      worker = null;
      if (stopping) await stopping.terminate();
    },
  };
}
