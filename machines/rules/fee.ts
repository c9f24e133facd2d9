import type { PlanLevel } from '../facts';

// 四: 初级职务评审费每人100元，中级职务评审费每人180元.
const FEES = { junior: 100, intermediate: 180 } as const;

export function feeFor(level: PlanLevel): number {
  return FEES[level];
}
