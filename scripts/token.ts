import { parseArgs } from 'node:util';
import { type Role, roles } from '../machines/events';
import { createTokenService } from '../src/auth/jwt';
import { jwtSecretFor } from '../src/auth/secret';
import { loadConfig } from '../src/config';

// Mints a token for local use: npm run token -- --role unit --unit U1 [--sub reviewer-1]
const { values } = parseArgs({ options: { role: { type: 'string' }, unit: { type: 'string' }, sub: { type: 'string' } } });
const fail = (msg: string): never => {
  process.stderr.write(`token: ${msg}\n`);
  process.exit(1);
};
const isRole = (r: string | undefined): r is Role => (roles as readonly (string | undefined)[]).includes(r);
const role = isRole(values.role) ? values.role : fail(`--role must be one of ${roles.join(', ')}`);
if (role === 'unit' && !values.unit) fail('--unit is required for the unit role');
if (role === 'applicant' && !values.sub) fail("--sub (the applicant's 18-digit ID number) is required for the applicant role");
const token = createTokenService(jwtSecretFor(loadConfig())).sign({
  sub: values.sub ?? `${role}-local`,
  role,
  ...(values.unit ? { unitId: values.unit } : {}),
});
process.stdout.write(`${token}\n`);
