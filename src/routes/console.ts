import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../errors';
import { projectPath } from '../project-files';

// The browser console (issue 12): plain files, no build step, read once at start. Any path
// under /console that is not a file is a page of the console, answered with its shell.

const DIR = projectPath('src/console');
const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

type File = { body: Buffer; type: string; etag: string };

const fileOf = (path: string): File => {
  const body = readFileSync(path);
  return { body, type: types[extname(path)]!, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` };
};

// Libraries the console loads as they ship on npm, served beside its own files: ELK lays out
// the machine's diagram (its browser bundle defines the global ELK, no build step needed).
const vendor = { 'vendor/elk.bundled.js': createRequire(import.meta.url).resolve('elkjs/lib/elk.bundled.js') };

function readConsole(dir: string, prefix = ''): Map<string, File> {
  const files = new Map<string, File>();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const name = `${prefix}${entry.name}`;
    if (entry.isDirectory()) for (const [k, v] of readConsole(join(dir, entry.name), `${name}/`)) files.set(k, v);
    if (entry.isFile() && types[extname(entry.name)]) files.set(name, fileOf(join(dir, entry.name)));
  }
  return files;
}

// The console's own code, the API it calls and nothing else; no framing by other sites.
const CSP = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

export async function consoleRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const files = readConsole(DIR);
  for (const [name, path] of Object.entries(vendor)) files.set(name, fileOf(path));
  const shell = files.get('index.html')!;

  app.get('/', { schema: { hide: true } }, (_req, reply) => reply.redirect('/console/'));
  app.get('/console', { schema: { hide: true } }, (_req, reply) => reply.redirect('/console/'));
  app.get('/console/*', { schema: { hide: true, params: z.object({ '*': z.string().max(200) }) } }, (req, reply) => {
    const path = req.params['*'];
    // A page of the console has no extension; a missing script or style sheet is not a page.
    if (!files.has(path) && extname(path)) throw new AppError('NOT_FOUND');
    const file = files.get(path) ?? shell;
    // Names carry no content hash, so the browser revalidates every time and gets a 304 while unchanged.
    reply.header('cache-control', 'no-cache').header('etag', file.etag).header('x-content-type-options', 'nosniff');
    reply.header('content-security-policy', CSP);
    if (req.headers['if-none-match'] === file.etag) return reply.status(304).send();
    return reply.type(file.type).send(file.body);
  });
}
