import type { Role } from '../../machines/events';
import type { TokenClaims } from '../auth/jwt';
import { sampleIdNumber } from './samples';
import { demoUnits } from './season';

// Who acts in the demo season: the seed takes its steps as these people, and the demo
// sign-in (GET /v1/demo/actors) hands out a token for each of them.

type Staff = { sub: string; role: Role; unitId: string | null };

function official(sub: string, role: 'hr' | 'committee' | 'admin'): Staff {
  return { sub, role, unitId: null };
}

export const demoStaff = {
  unit: (unitId: string): Staff => ({
    sub: unitId === 'U-DEMO-1' ? 'demo-unit-reviewer' : `demo-reviewer-${unitId}`,
    role: 'unit',
    unitId,
  }),
  hr: official('demo-hr', 'hr'),
  committee: official('demo-committee', 'committee'),
  admin: official('demo-admin', 'admin'),
};

/**
 * Three applicants of U-DEMO-1 the sign-in offers by name; the season puts them at its first
 * draft, submission and unit publicity, and no other applicant bears their names.
 */
export const demoApplicants = [
  { id: sampleIdNumber(1, '1990-05-12'), name: '张伟', target: 'draft' },
  { id: sampleIdNumber(2, '1992-08-17'), name: '李娜', target: 'submitted' },
  { id: sampleIdNumber(3, '1988-02-03'), name: '王强', target: 'unitPublicity' },
];

export type DemoActor = { claims: TokenClaims; label: string };

const claimsOf = ({ sub, role, unitId }: Staff): TokenClaims => (unitId ? { sub, role, unitId } : { sub, role });

export const demoActors: readonly DemoActor[] = [
  ...demoApplicants.map(({ id, name }) => ({ claims: { sub: id, role: 'applicant' as const }, label: `${name} ${id}` })),
  { claims: claimsOf(demoStaff.unit('U-DEMO-1')), label: demoUnits[0]!.name },
  { claims: claimsOf(demoStaff.hr), label: '宁波市/慈溪市人社局' },
  { claims: claimsOf(demoStaff.committee), label: '评委会办公室' },
  { claims: claimsOf(demoStaff.admin), label: '系统管理员' },
];
