import type { TokenClaims } from '../auth/jwt';
import { sampleIdNumber } from './samples';

// Who acts in the demo season: the seed files applications for the applicants, and the demo
// sign-in (GET /v1/demo/actors) hands out a token for each of them.

export const DEMO_UNIT = 'U-DEMO-1';
export const demoUnit = { name: '慈溪市示范建设工程有限公司', inCixi: true, unitType: 'enterprise' } as const;

export const demoApplicants = [
  { id: sampleIdNumber(1, '1990-05-12'), name: '张伟' },
  { id: sampleIdNumber(2, '1992-08-17'), name: '李娜' },
  { id: sampleIdNumber(3, '1988-02-03'), name: '王强' },
];

export type DemoActor = { claims: TokenClaims; label: string };

export const demoActors: readonly DemoActor[] = [
  ...demoApplicants.map(({ id, name }) => ({ claims: { sub: id, role: 'applicant' as const }, label: `${name} ${id}` })),
  { claims: { sub: 'demo-unit-reviewer', role: 'unit', unitId: DEMO_UNIT }, label: demoUnit.name },
  { claims: { sub: 'demo-hr', role: 'hr' }, label: '宁波市/慈溪市人社局' },
  { claims: { sub: 'demo-committee', role: 'committee' }, label: '评委会办公室' },
  { claims: { sub: 'demo-admin', role: 'admin' }, label: '系统管理员' },
];
