import { parseArgs } from 'node:util';
import { held } from './drills/check';
import { drillReplicas } from './drills/replicas';

// npm run drill:replicas [-- --seconds 60 --replicas 3 --kill-every 4000 --writers 6 --timers 20]
// Needs DATABASE_URL: a PostgreSQL server the drill may create a database on (and drop it after).
const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    replicas: { type: 'string', default: '3' },
    'kill-every': { type: 'string', default: '4000' },
    writers: { type: 'string', default: '6' },
    timers: { type: 'string', default: '20' },
  },
});
const fail = (msg: string): never => {
  process.stderr.write(`drill:replicas: ${msg}\n`);
  process.exit(1);
};
const whole = (name: keyof typeof values) => {
  const n = Number(values[name]);
  return Number.isInteger(n) && n >= 1 ? n : fail(`--${name} must be a whole number (got ${values[name]})`);
};
const report = await drillReplicas({
  databaseUrl:
    process.env.DATABASE_URL ?? fail('set DATABASE_URL to a PostgreSQL server, e.g. postgres://postgres@127.0.0.1:5432/postgres'),
  seconds: whole('seconds'),
  replicas: whole('replicas'),
  killEveryMs: whole('kill-every'),
  writers: whole('writers'),
  timers: whole('timers'),
  log: (line) => process.stdout.write(`${line}\n`),
});
for (const [key, value] of Object.entries(report))
  process.stdout.write(`  ${key.padEnd(22)} ${typeof value === 'number' ? Math.round(value * 10) / 10 : value}\n`);
process.stdout.write(held(report) ? 'held: nothing lost, nothing twice\n' : 'FAILED: see the figures above\n');
process.exit(held(report) ? 0 : 1);
