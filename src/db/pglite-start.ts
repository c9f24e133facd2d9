import { PGlite } from '@electric-sql/pglite';

/**
 * How the embedded database starts. PostgreSQL's default of 128 MB of shared buffers is all
 * touched when PGlite starts, so it is resident from the first moment (issue 29: 290 MiB for a
 * bare PGlite against 175 MiB with 16 MB); the service's working set is a fraction of 32 MB,
 * and pages beyond it are a read from the file, not from a disk of another machine.
 */
export const pgliteStartParams = [...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB'];
