/**
 * Child process for install-crash.test.ts: opens the store on a data folder and installs one package, so
 * the test can SIGKILL it at any moment. Prints `ready` once the store is open (the test times its kill
 * from there), then the outcome as one JSON line.
 *
 *   tsx tests/core/packages/install-runner.ts <dataDir> <package>   (trusting the development root)
 */
import { join } from 'node:path';
import { systemClock } from '../../../main/core/clock';
import { CourseStore } from '../../../main/core/courses/store';
import { Db } from '../../../main/core/db/database';
import { silentLogger } from '../../../main/core/log';
import { devTrust } from '../../helpers/pki';

const [dataDir, packageFile] = process.argv.slice(2);
if (!dataDir || !packageFile) {
  console.error('usage: install-runner <dataDir> <package>');
  process.exit(2);
}
const db = Db.open(join(dataDir, 'balai.sqlite'));
const store = new CourseStore(db, dataDir, systemClock, silentLogger, () => devTrust());
process.stdout.write('ready\n');
const outcome = await store.installVerified(packageFile);
db.close();
process.stdout.write(
  JSON.stringify(outcome.ok ? { ok: true, version: outcome.course.version } : outcome) + '\n',
);
process.exitCode = outcome.ok ? 0 : 1;
