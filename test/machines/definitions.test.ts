import { describe, expect, it } from 'vitest';
import { stateNames2021 } from '../../machines/application';
import { stateNames2022 } from '../../machines/application-2022';
import { defaultVersion, definitionVersions } from '../../machines/definitions';
import { migrations } from '../../machines/migrations';
import { stateNamesOf } from '../../machines/states';

// Issue 15: the state lists that migrations are type-checked against are the machines' own.

describe('released definitions', () => {
  it('are versions 1 and 2, the default 1 (the 2021 notice)', () => {
    expect(definitionVersions).toEqual([1, 2]);
    expect(defaultVersion).toBe(1);
  });

  it("list exactly their machines' states for the type checker", () => {
    expect([...stateNames2021].sort()).toEqual(stateNamesOf(1).sort());
    expect([...stateNames2022].sort()).toEqual(stateNamesOf(2).sort());
  });

  it.each(migrations.map((m) => ({ name: `${m.from} → ${m.to}`, m })))(
    'migration $name maps every state of its source to a state of its target, or blocks it',
    ({ m }) => {
      expect(Object.keys(m.states).sort()).toEqual(stateNamesOf(m.from).sort());
      for (const target of Object.values(m.states)) {
        if (typeof target === 'string') expect(stateNamesOf(m.to)).toContain(target);
        else expect(target.blocked.length).toBeGreaterThan(0);
      }
    },
  );
});
