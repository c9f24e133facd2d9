import { parseArgs } from 'node:util';
import { held } from './drills/check';
import { drillFailover } from './drills/failover';

// npm run drill:failover [-- --writers 4 --timers 10 --load-seconds 5 --promote-after 2000]
// Builds its own primary and standby from this machine's PostgreSQL installation in a
// temporary directory, on free ports, and removes them after.
const { values } = parseArgs({
  options: {
    writers: { type: 'string', default: '4' },
    timers: { type: 'string', default: '10' },
    'load-seconds': { type: 'string', default: '5' },
    'promote-after': { type: 'string', default: '2000' },
  },
});
const whole = (name: keyof typeof values) => {
  const n = Number(values[name]);
  if (Number.isInteger(n) && n >= 0) return n;
  process.stderr.write(`drill:failover: --${name} must be a whole number (got ${values[name]})\n`);
  process.exit(1);
};
const report = await drillFailover({
  writers: whole('writers'),
  timers: whole('timers'),
  loadSeconds: whole('load-seconds'),
  promoteAfterMs: whole('promote-after'),
  log: (line) => process.stdout.write(`${line}\n`),
});
for (const [key, value] of Object.entries(report))
  process.stdout.write(
    `  ${key.padEnd(22)} ${typeof value === 'object' ? JSON.stringify(value) : typeof value === 'number' ? Math.round(value * 10) / 10 : value}\n`,
  );
const ok = held(report) && report.serverErrors === 0;
process.stdout.write(ok ? 'held: nothing lost, nothing twice, no 500\n' : 'FAILED: see the figures above\n');
process.exit(ok ? 0 : 1);
