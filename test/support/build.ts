import { buildService } from '../../scripts/support/npm-start';

// The service's processes in the tests (test/server) run what `npm start` runs: the bundle its
// `prestart` builds from the sources under test. Built once, before any file starts one.
export default function build(): void {
  buildService();
}
