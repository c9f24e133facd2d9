import { describe, expect, it } from 'vitest';
import type { Plan } from '../../../machines/context';
import type { Facts } from '../../../machines/facts';
import { achievementPoints, juniorScore } from '../../../machines/rules/level-rules';
import { failureIds, intermediate2021Plan, junior2021Plan, today2021, warningIds, withFacts } from './fixtures';

describe('eligibility at SUBMIT (SPEC §4)', () => {
  describe('junior score 二(二)', () => {
    const plan: Plan = {
      ...junior2021Plan,
      scoringItems: [
        { id: 'a', name: 'A', points: 100 },
        { id: 'b', name: 'B', points: 20 },
        { id: 'c', name: 'C', points: 19 },
      ],
    };
    const achieved =
      (...items: [string, string, string?][]) =>
      (f: Facts) => {
        f.achievements = items.map(([itemId, achievedOn, specialty]) => ({ itemId, achievedOn, specialty: specialty ?? '建设工程' }));
      };
    it('120 passes and 119 fails', () => {
      expect(failureIds(withFacts(plan, achieved(['a', '2020-01-01'], ['b', '2020-01-01'])))).toEqual([]);
      expect(failureIds(withFacts(plan, achieved(['a', '2020-01-01'], ['c', '2020-01-01'])))).toEqual(['junior-score']);
    });
    it('counts an achievement exactly 3 years old and excludes one 3 years and 1 day old', () => {
      expect(today2021).toBe('2021-08-15');
      expect(failureIds(withFacts(plan, achieved(['a', '2020-01-01'], ['b', '2018-08-15'])))).toEqual([]);
      expect(failureIds(withFacts(plan, achieved(['a', '2020-01-01'], ['b', '2018-08-14'])))).toEqual(['junior-score']);
    });
    it('counts only the plan specialty and items the plan defines', () => {
      const input = withFacts(plan, achieved(['a', '2020-01-01'], ['b', '2020-01-01', '水利'], ['unknown', '2020-01-01']));
      expect(juniorScore(input)).toBe(100);
    });
    it('counts each achievement once, so two achievements of one item count twice', () => {
      expect(juniorScore(withFacts(plan, achieved(['b', '2020-01-01'], ['b', '2021-01-01'])))).toBe(40);
    });
    it('gives each achievement the points it counts for, 0 for one that does not count, the caps applied in the order claimed', () => {
      const capped: Plan = {
        ...plan,
        scoringItems: [
          { id: 'b', name: 'B', points: 20, maxCount: 2 },
          { id: 'c', name: 'C', points: 19, maxPoints: 30 },
        ],
      };
      const input = withFacts(
        capped,
        achieved(
          ['b', '2020-01-01'],
          ['c', '2020-01-01'],
          ['b', '2018-08-14'],
          ['b', '2021-01-01'],
          ['c', '2021-01-01'],
          ['b', '2021-02-01'],
          ['c', '2020-01-01', '水利'],
        ),
      );
      // b: 20, 20, then the third counted one is over maxCount; c: 19, then 11 up to maxPoints 30; too old, other specialty: 0.
      expect(achievementPoints(input)).toEqual([20, 19, 0, 20, 11, 0, 0]);
      expect(juniorScore(input)).toBe(70);
    });
    it('does not apply to intermediate plans', () => {
      expect(failureIds(withFacts(intermediate2021Plan, (f) => (f.achievements = [])))).toEqual([]);
    });
  });

  describe('junior 初定 warning 二(二)', () => {
    it('warns, without refusing, a bachelor with 1 year of engineering work by 31 December', () => {
      const input = withFacts(junior2021Plan, (f) => {
        f.education.level = 'bachelor';
        f.engineeringWorkSince = '2021-01-01';
      });
      expect(failureIds(input)).toEqual([]);
      expect(warningIds(input)).toEqual(['junior-meets-initial-appointment']);
    });
    it('does not warn a bachelor one day short', () => {
      expect(
        warningIds(
          withFacts(junior2021Plan, (f) => {
            f.education.level = 'bachelor';
            f.engineeringWorkSince = '2021-01-02';
          }),
        ),
      ).toEqual([]);
    });
    it('warns a 大专 graduate with 3 years', () => {
      expect(warningIds(withFacts(junior2021Plan, (f) => (f.engineeringWorkSince = '2019-01-01')))).toEqual([
        'junior-meets-initial-appointment',
      ]);
      expect(warningIds(withFacts(junior2021Plan, (f) => (f.engineeringWorkSince = '2019-01-02')))).toEqual([]);
    });
    it('does not warn for an intermediate plan', () => {
      expect(warningIds(withFacts(intermediate2021Plan, (f) => (f.engineeringWorkSince = '2010-01-01')))).toEqual([]);
    });
  });
});
