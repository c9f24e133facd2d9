import { loadConfig } from '../src/config';
import { BackupRefused, backupEmbedded, backupPostgres, restoreEmbedded, restorePostgres } from '../src/db/backup';
import { DataDirLocked } from '../src/db/data-dir-lock';

// npm run backup -- <file>   the database the service is configured with (DATABASE_URL or DATA_DIR) into <file>
// npm run restore -- <file>  <file> into that database, which must be new and empty
const [mode, file] = process.argv.slice(2);
const fail = (msg: string): never => {
  process.stderr.write(`${mode}: ${msg}\n`);
  process.exit(1);
};
if (mode !== 'backup' && mode !== 'restore') fail('the first argument must be backup or restore');
if (!file) fail(`name the file: npm run ${mode} -- <file>`);
const config = loadConfig();
const where = config.databaseUrl ? 'the PostgreSQL database of DATABASE_URL' : `the embedded database in ${config.dataDir}`;
try {
  if (mode === 'backup') await (config.databaseUrl ? backupPostgres(config.databaseUrl, file!) : backupEmbedded(config.dataDir, file!));
  else await (config.databaseUrl ? restorePostgres(file!, config.databaseUrl) : restoreEmbedded(file!, config.dataDir));
} catch (err) {
  if (err instanceof BackupRefused || err instanceof DataDirLocked) fail(err.message);
  throw err;
}
process.stdout.write(mode === 'backup' ? `${where} saved to ${file}\n` : `${file} restored into ${where}\n`);
