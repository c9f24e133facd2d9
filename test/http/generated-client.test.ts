import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPlan, type TestApp, testApp, tokensFor } from '../support/app';
import { factsFor, idNumberFor, unitId } from '../support/factories';

// Types generated from the served document by openapi-typescript, README's integration
// examples written against them with openapi-fetch (./typed-client) and type-checked by the
// TypeScript compiler, then run against the service: a drift between the document and the
// service fails here, at compile time or at run time.

const clientDir = fileURLToPath(new URL('./typed-client/', import.meta.url));
let t: TestApp;
let dir: string;
beforeAll(async () => {
  // Webhook deliveries go out in the background, as under `npm start`.
  t = await testApp(undefined, {}, { pollers: { everyMs: 100, send: async () => {} } });
  // Inside the repository, so the client resolves openapi-fetch from its node_modules.
  const output = fileURLToPath(new URL('../../test-output/', import.meta.url));
  await mkdir(output, { recursive: true });
  dir = await mkdtemp(join(output, 'typed-client-'));
});
afterAll(async () => {
  await t?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Generating types takes the CPU for a while, and the service sheds load until its event loop catches up: wait for that. */
async function settled() {
  for (let i = 0; i < 50 && (await t.app.inject('/healthz')).statusCode !== 200; i++) await sleep(200);
}

async function generatedTypes(): Promise<void> {
  await settled();
  const doc = (await t.app.inject('/openapi.json')).json();
  // The upload's file is `format: binary`: a Blob to send, as openapi-typescript's documentation does it.
  const blob = ts.factory.createTypeReferenceNode('Blob');
  const transform = (schema: { format?: string }) => (schema.format === 'binary' ? blob : undefined);
  await writeFile(join(dir, 'api.ts'), astToString(await openapiTS(doc, { transform })));
  await settled();
}

function typeErrors(file: string): string[] {
  const program = ts.createProgram([file], {
    strict: true,
    noUncheckedIndexedAccess: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    esModuleInterop: true,
    skipLibCheck: true,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    types: ['node'],
  });
  return ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

/** Every place in a client file where a type is asserted rather than narrowed: `as`, `<T>x`, `!`, `any`, a `@ts-` comment. */
function casts(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const where = (node: ts.Node) => `${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1} ${node.getText()}`;
  const visit = (node: ts.Node) => {
    if (ts.isAsExpression(node) || ts.isTypeAssertionExpression(node) || ts.isNonNullExpression(node)) found.push(where(node));
    if (node.kind === ts.SyntaxKind.AnyKeyword) found.push(where(node));
    ts.forEachChild(node, visit);
  };
  visit(source);
  if (/@ts-(ignore|expect-error|nocheck)/.test(text)) found.push(`${file}: a @ts- comment`);
  return found;
}

it("runs README's integration examples through a client generated from /openapi.json, with no cast", async () => {
  await generatedTypes();
  const files = await readdir(clientDir);
  for (const file of files) await copyFile(join(clientDir, file), join(dir, file));
  const client = join(dir, 'client.ts');
  expect(typeErrors(client)).toEqual([]);
  const asserted = await Promise.all(files.map(async (file) => casts(file, await readFile(join(clientDir, file), 'utf8'))));
  expect(asserted.flat()).toEqual([]);

  const address = await t.app.listen({ host: '127.0.0.1', port: 0 });
  const { readmeExamples } = await import(pathToFileURL(client).href);
  await settled();
  const planId = await createPlan(t);
  const first = tokensFor(t, idNumberFor(501));
  const second = tokensFor(t, idNumberFor(502));
  const draft = { planId, unitId, facts: factsFor('junior') };
  const tokens = { admin: first.admin, unit: first.unit, applicant: first.applicant, secondApplicant: second.applicant };
  const outcome = await readmeExamples(address, tokens, { first: draft, second: draft });

  const { draft: created, submission, feed, webhook, file } = outcome;
  expect(created.createdId).toBe(created.id);
  expect(created.retriedId).toBe(created.id);
  expect(submission).toMatchObject({
    etag: '"0"',
    submitted: { state: 'submitted', version: 1, event: { seq: 1, type: 'SUBMIT', from: 'draft', to: 'submitted' } },
    retriedSeq: 1,
    stale: { code: 'VERSION_CONFLICT', currentVersion: 1, requestIdMatches: true },
    again: { code: 'ILLEGAL_TRANSITION', state: 'submitted', allowedEvents: ['WITHDRAW'] },
  });
  expect(feed.page).toEqual(['0:xstate.init', '1:SUBMIT']);
  expect(feed.waited).toMatchObject([{ type: 'START_UNIT_PUBLICITY', to: 'unitPublicity' }]);
  const startPosition = feed.waited[0].position;
  expect(feed.stream).toEqual([{ id: startPosition, event: 'event', position: startPosition, type: 'START_UNIT_PUBLICITY' }]);
  expect(feed.retry).toBe(2000);
  expect(feed.head).toBe(startPosition);
  expect(feed.ahead).toEqual({ code: 'FEED_POSITION_AHEAD', head: startPosition });

  expect(webhook).toMatchObject({
    repeatedSameEndpoint: true,
    pausedAt: true,
    nothingToChange: 'NOTHING_TO_CHANGE',
    held: [
      { eventType: 'START_UNIT_PUBLICITY', attempts: 0, delivered: false },
      { eventType: 'SUBMIT', attempts: 0, delivered: false },
    ],
    resumedAt: null,
    log: [
      { eventType: 'START_UNIT_PUBLICITY', lastStatus: 204, delivered: true },
      { eventType: 'SUBMIT', lastStatus: 204, delivered: true },
    ],
    refused: [],
    ping: 204,
    rotated: { newKey: true, overlapUntil: true },
    pingAfterRotation: 204,
    signedWithBoth: true,
  });
  expect(webhook.secretShown).toBeGreaterThanOrEqual(24);
  expect(webhook.received).toMatchObject([
    { type: 'SUBMIT', seq: 2, to: 'submitted' },
    { type: 'START_UNIT_PUBLICITY', seq: 3, to: 'unitPublicity' },
    { type: 'ping', endpoint: true },
    { type: 'ping', endpoint: true },
  ]);
  expect(file).toMatchObject({ kind: 'educationCertificate', state: 'draft', disposition: expect.stringContaining('attachment') });
  expect(file.bytes).toBe(file.size);
});

it('fails to compile a client that relies on something the document does not say', async () => {
  await generatedTypes();
  const wrong = join(dir, 'wrong.ts');
  await writeFile(
    wrong,
    [
      "import type { components } from './api';",
      // PUBLICITY_ENDED is the service's own event: the document does not offer it to clients.
      "export const ended: components['schemas']['EventBody'] = { type: 'PUBLICITY_ENDED' };",
      "export const fee: components['schemas']['PayFeeEvent'] = { type: 'PAY_FEE', amount: '100' };",
    ].join('\n'),
  );
  const errors = typeErrors(wrong);
  expect(errors).toHaveLength(2);
});
