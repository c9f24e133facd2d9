import { parentPort } from 'node:worker_threads';
import { type RenderJob, renderJob } from './render-job';
import { warmUp } from './warm-up';

// The renderer thread: lays out PDFs away from the event loop that answers requests.
// Messages are handled one at a time, in order.

if (!parentPort) throw new Error('render-worker runs as a worker thread');
const port = parentPort;

type Request = { id: number; job: RenderJob | 'warm' };

let queue: Promise<void> = Promise.resolve();
port.on('message', ({ id, job }: Request) => {
  queue = queue.then(async () => {
    try {
      if (job === 'warm') {
        await warmUp();
        port.postMessage({ id, ok: true });
        return;
      }
      const bytes = await renderJob(job);
      port.postMessage({ id, ok: true, bytes });
    } catch (err) {
      port.postMessage({ id, ok: false, error: err instanceof Error ? err.message : String(err) });
    }
  });
});
