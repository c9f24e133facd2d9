import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createSigner } from 'fast-jwt';
import { afterAll, expect, it } from 'vitest';
import { createTokenService } from '../../src/auth/jwt';

// Issue 9, finding 6: a token without `exp` never expired, and one issued a day ahead was accepted.

const secret = 'jwt-test-secret-jwt-test-secret-!!';
const tokens = createTokenService(secret);
const now = () => Math.floor(Date.now() / 1000);
const raw = (payload: Record<string, unknown>) => createSigner({ key: secret, algorithm: 'HS256' })(payload);
const bearer = (token: string) => `Bearer ${token}`;
const admin = { sub: 'admin', role: 'admin' } as const;

it('accepts the tokens it mints, which carry exp', () => {
  const token = tokens.sign(admin);
  expect(tokens.actorOf(bearer(token))).toEqual({ sub: 'admin', role: 'admin', unitId: null });
  const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
  expect(payload.exp - payload.iat).toBe(12 * 3600);
});

it('refuses a token without exp, an expired one, and one whose iat or nbf is more than a minute ahead', () => {
  expect(tokens.actorOf(bearer(raw({ ...admin, iat: now() })))).toBeNull();
  expect(tokens.actorOf(bearer(raw({ ...admin, iat: now() - 7200, exp: now() - 3600 })))).toBeNull();
  expect(tokens.actorOf(bearer(raw({ ...admin, iat: now() + 86_400, exp: now() + 2 * 86_400 })))).toBeNull();
  expect(tokens.actorOf(bearer(raw({ ...admin, nbf: now() + 86_400, exp: now() + 2 * 86_400 })))).toBeNull();
  // Within the skew: a few seconds' disagreement between clocks is normal.
  expect(tokens.actorOf(bearer(raw({ ...admin, iat: now() + 5, nbf: now() + 5, exp: now() + 3600 })))).not.toBeNull();
  expect(tokens.actorOf(bearer(raw({ ...admin, iat: now(), exp: now() + 3600 })))).not.toBeNull();
});

const dataDir = mkdtempSync(join(tmpdir(), 'title-review-token-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

it('npm run token mints a token the service accepts', () => {
  const root = resolve(import.meta.dirname, '../..');
  const { DATABASE_URL: _url, JWT_SECRET: _secret, ...inherited } = process.env;
  const env = { ...inherited, DATA_DIR: dataDir };
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/token.ts', '--role', 'unit', '--unit', 'U-1'], {
    cwd: root,
    env,
  });
  const local = createTokenService(readFileSync(join(dataDir, 'jwt-secret'), 'utf8').trim());
  expect(local.actorOf(bearer(out.toString().trim()))).toEqual({ sub: 'unit-local', role: 'unit', unitId: 'U-1' });
});
