import { Worker } from 'node:worker_threads';
import { workerBoot } from '../project-files';
import type { RenderJob } from './render-job';

// PDFs are laid out on a thread of their own: a review form takes tens of milliseconds of
// CPU (README, Documents), which on the request thread would stall every other request,
// transitions included, for as long. One thread: PDFs are rare next to transitions, and
// the machine has two cores.

type Reply = { id: number; ok: true; bytes?: Uint8Array } | { id: number; ok: false; error: string };
type Pending = { resolve: (bytes: Buffer) => void; reject: (err: Error) => void };

const BOOT = workerBoot('documents/render-worker.ts');

export type Renderer = {
  render(job: RenderJob): Promise<Buffer>;
  /** Makes one PDF of each kind, so the first a user asks for is as fast as the rest. */
  warm(): Promise<void>;
  /** Whether the thread is there now (it goes when idle). */
  running(): boolean;
  close(): Promise<void>;
};

/**
 * A thread without a job for this long goes, and with it the parsed fonts and the layout code,
 * about 100 MiB resident (issue 29); the next PDF starts another, and is as slow as a first
 * one (README, Documents).
 */
const IDLE_MS = 60_000;

export function createRenderer({ idleMs = IDLE_MS }: { idleMs?: number } = {}): Renderer {
  let worker: Worker | null = null;
  let nextId = 0;
  const pending = new Map<number, Pending>();
  let idle: NodeJS.Timeout | undefined;

  /** Once nothing is pending, the thread has `idleMs` to get another job. */
  function stopWhenIdle(): void {
    clearTimeout(idle);
    if (pending.size > 0 || !worker) return;
    const idleWorker = worker;
    idle = setTimeout(() => {
      if (worker !== idleWorker || pending.size > 0) return;
      worker = null;
      // Its exit must not fail the jobs of the thread that the next PDF starts.
      idleWorker.removeAllListeners('exit');
      void idleWorker.terminate();
    }, idleMs);
    idle.unref();
  }

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
      stopWhenIdle();
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
      clearTimeout(idle);
      pending.set(id, { resolve, reject });
      thread().postMessage({ id, job });
    });
  }

  return {
    render: (job) => ask(job),
    warm: async () => {
      await ask('warm');
    },
    running: () => worker !== null,
    close: async () => {
      clearTimeout(idle);
      const stopping = worker;
      worker = null;
      if (stopping) await stopping.terminate();
    },
  };
}
