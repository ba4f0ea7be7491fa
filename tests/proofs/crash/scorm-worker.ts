// The SCORM process proof:crash kills: the real core and the SCO origin on a village's data folder, one
// learner's SCO committing its CMI over loopback as scorm-again does, again and again until it is killed. It
// prints `commit <n>` after each Commit the bridge answered `true`, so the parent can check that the state
// of every acknowledged Commit survived the SIGKILL.
//
// usage: node --import tsx scorm-worker.ts <dataDir> <learnerId> <pin> <courseId> <lessonId>
import { request } from 'node:http';
import { createCore } from '../../../main/core/app';
import { silentLogger } from '../../../main/core/log';
import { startScoOrigin } from '../../../main/host/sco-origin';
import { CRASH_SCRYPT, RESOURCES } from './shared';

const [dataDir, learnerId, pin, courseId, lessonId] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
];
const core = createCore({
  dataDir,
  resourcesDir: RESOURCES,
  appVersion: '0.0.0-crash',
  shell: 'browser',
  log: silentLogger,
  config: { scrypt: CRASH_SCRYPT, uploadSchedule: false },
});
await core.prepare();
// Listens until the process is killed.
await startScoOrigin(core, 'http://127.0.0.1:1');
const token = core.newSession();
const login = await core.call(token, 'auth.login', { accountId: learnerId, pin });
if (!login.ok) throw new Error(`login failed: ${login.error.message}`);
const launched = await core.call(token, 'scorm.launch', { courseId, lessonId });
if (!launched.ok) throw new Error(`launch failed: ${launched.error.message}`);
const url = new URL((launched.value as { launch: { url: string } }).launch.url);

function commit(n: number): Promise<boolean> {
  const body = JSON.stringify({
    cmi: { core: { lesson_location: String(n), lesson_status: 'incomplete' }, suspend_data: `langkah=${n}` },
    commitSequence: n,
  });
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: url.port,
        path: '/_balai/commit',
        method: 'POST',
        headers: { host: url.host, 'content-type': 'application/json' },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString('utf8')));
        res.on('end', () => resolve((JSON.parse(text) as { result: boolean }).result === true));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

process.stdout.write('ready\n');
for (let n = 1; ; n++) {
  if (await commit(n)) process.stdout.write(`commit ${n}\n`);
}
