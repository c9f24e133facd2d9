import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPlan, type TestApp, testApp, tokensFor } from '../support/app';
import { factsFor, idNumberFor, unitId } from '../support/factories';

// Types generated from the served document by openapi-typescript, a client written against
// them type-checked by the TypeScript compiler, then run against the service: a drift between
// the document and the service fails here, at compile time or at run time.

let t: TestApp;
let dir: string;
beforeAll(async () => {
  t = await testApp();
  dir = await mkdtemp(join(tmpdir(), 'typed-client-'));
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
  await writeFile(join(dir, 'api.ts'), astToString(await openapiTS(doc)));
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
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    types: [],
  });
  return ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

it('generates types from /openapi.json that a client compiles against and runs with', async () => {
  await generatedTypes();
  const client = join(dir, 'client.ts');
  await copyFile(fileURLToPath(new URL('./typed-client/client.ts', import.meta.url)), client);
  expect(typeErrors(client)).toEqual([]);

  const address = await t.app.listen({ host: '127.0.0.1', port: 0 });
  const { driveApplication } = await import(pathToFileURL(client).href);
  await settled();
  const planId = await createPlan(t);
  const idNumber = idNumberFor(501);
  const tk = tokensFor(t, idNumber);
  const outcome = await driveApplication(address, tk, { planId, unitId, facts: factsFor('junior') });
  expect(outcome).toMatchObject({
    statuses: [201, 200, 409],
    submittedTo: 'submitted',
    refusal: { code: 'ILLEGAL_TRANSITION', state: 'submitted' },
    state: 'unitPublicity',
    steps: ['xstate.init', 'SUBMIT:true', 'START_UNIT_PUBLICITY:2021-08-02'],
  });
  expect(outcome.allowedEvents).toEqual(['WITHDRAW']);
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
