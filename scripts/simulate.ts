import { parseArgs } from 'node:util';
import { simulate } from '../src/demo/simulate';

// Drives a season through a deployment's public API (README "A simulated season"):
// npm run simulate -- --url http://127.0.0.1:3000 --token-secret <JWT_SECRET> --apps 50 [--seed 1] [--concurrency 4]
const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    'token-secret': { type: 'string' },
    apps: { type: 'string', default: '50' },
    seed: { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '4' },
  },
});
const fail = (msg: string): never => {
  process.stderr.write(`simulate: ${msg}\n`);
  process.exit(1);
};
const positive = (name: 'apps' | 'seed' | 'concurrency') => {
  const n = Number(values[name]);
  return Number.isInteger(n) && n >= (name === 'seed' ? 0 : 1) ? n : fail(`--${name} must be a whole number (got ${values[name]})`);
};
const summary = await simulate({
  url: values.url ?? fail('--url <base URL of the deployment> is required'),
  tokenSecret: values['token-secret'] ?? fail("--token-secret <the deployment's JWT_SECRET> is required"),
  apps: positive('apps'),
  seed: positive('seed'),
  concurrency: positive('concurrency'),
  log: (line) => process.stdout.write(`${line}\n`),
}).catch((err: unknown) => fail(err instanceof Error ? err.message : String(err)));
const lines = (counts: Record<string, number>) =>
  Object.entries(counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, n]) => `    ${key.padEnd(32)} ${n}`);
process.stdout.write(
  [
    `Summary (${summary.clock} clock, ${summary.days} days, ${summary.seconds} s):`,
    '  accepted requests:',
    ...lines(summary.accepted),
    '  refused requests, by code:',
    ...lines(summary.refused),
    '  final states:',
    ...lines(summary.finalStates),
    '',
  ].join('\n'),
);
