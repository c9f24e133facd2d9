import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { definitions } from '../../machines/definitions';
import type { MachineEvent } from '../../machines/events';
import type { ApplicationMachine } from '../../machines/notice';
import { step } from '../../machines/states';
import type { Database } from '../../src/db/client';
import { compile, run } from '../../src/store/exec';
import { graphInput } from '../model/graph';
import { freshDatabase } from '../support/db';

// Two places use a library's internals, for speed: machines/states.ts builds xstate's actor
// scope itself, and src/store/exec.ts and src/db/load.ts call drizzle's `db._.session`.
// package.json pins both libraries to an exact version; these tests fail when the version
// installed is another, or when the internal no longer has the shape the code relies on.
const root = resolve(import.meta.dirname, '../..');
const pinned = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')).dependencies as Record<string, string>;
const installed = (name: string) => JSON.parse(readFileSync(resolve(root, 'node_modules', name, 'package.json'), 'utf8')).version;

it.each(['xstate', 'drizzle-orm'])('pins %s to the exact version installed', (name) => {
  expect(pinned[name]).toMatch(/^\d+\.\d+\.\d+$/);
  expect(installed(name)).toBe(pinned[name]);
});

it("gives the machine the same actor scope xstate's own transition builds, and takes the same step", () => {
  for (const { machine } of definitions) {
    const scopes: Record<string, object> = {};
    const spying = (who: string) =>
      Object.assign(Object.create(machine), {
        transition(...args: Parameters<ApplicationMachine['transition']>) {
          scopes[who] = args[2];
          return machine.transition(...args);
        },
      }) as ApplicationMachine;
    const [draft] = initialTransition(machine, graphInput);
    const submit = {
      type: 'SUBMIT',
      at: '2021-08-02T02:00:00.000Z',
      commitmentSigned: true,
      activeBans: [],
      planWindow: { opensAt: graphInput.plan.opensAt, closesAt: graphInput.plan.closesAt },
    } as MachineEvent;
    const ours = step(spying('ours'), draft, submit);
    const theirs = transition(spying('xstate'), draft, submit)[0];
    expect(Object.keys(scopes.ours!).sort()).toEqual(Object.keys(scopes.xstate!).sort());
    expect(ours.value).toBe('submitted');
    expect(ours.value).toEqual(theirs.value);
    expect(ours.context).toEqual(theirs.context);
  }
});

let database: Database;
beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(() => database.close());

it("runs a statement through drizzle's session on this database's driver", async () => {
  expect(typeof (database.db as unknown as { _: { session: { prepareQuery: unknown } } })._.session.prepareQuery).toBe('function');
  expect(await run<{ two: number }>(database.db, compile(sql`select 1 + 1 as two`))).toEqual([{ two: 2 }]);
});
