import type { FastifyRequest } from 'fastify';

// Content negotiation between a page and its data (RFC 9110 §12.5.1), for the routes that
// answer a browser with HTML and a client with JSON. Only a type the client names — text/html
// or text/* — earns the page: a bare */* (curl, most HTTP libraries) gets the JSON.

function qualityOf(accept: string, matches: (type: string) => boolean): number {
  let best = 0;
  for (const part of accept.split(',')) {
    const [type = '', ...params] = part.split(';').map((p) => p.trim().toLowerCase());
    if (!matches(type)) continue;
    const q = params.find((p) => p.startsWith('q='));
    const quality = q === undefined ? 1 : Number(q.slice(2));
    if (Number.isFinite(quality)) best = Math.max(best, quality);
  }
  return best;
}

/** True when the client asks for HTML at least as much as for JSON. */
export function prefersHtml(req: FastifyRequest): boolean {
  const accept = req.headers.accept ?? '';
  const html = qualityOf(accept, (t) => t === 'text/html' || t === 'text/*');
  const json = qualityOf(accept, (t) => t === 'application/json' || t === 'application/*' || t === '*/*');
  return html > 0 && html >= json;
}
