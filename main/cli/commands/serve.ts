import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FolderDrives } from '../../core/drives/folder';
import { DataFolderInUse } from '../../core/db/folder-lock';
import { PortInUse, startHost } from '../../host/server';
import { startScoOrigin } from '../../host/sco-origin';
import { dataDir, parse, Refused, UsageError } from '../args';
import { openCore } from '../core';
import { RENDERER_DIR } from '../paths';

export async function serve(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    data: { type: 'string' },
    port: { type: 'string', default: '4780' },
    host: { type: 'string', default: '127.0.0.1' },
    'idle-seconds': { type: 'string' },
    'warning-seconds': { type: 'string' },
    'fast-hash': { type: 'boolean', default: false },
    drives: { type: 'string' },
  });
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    throw new Refused(
      `the UI is not built (${RENDERER_DIR}); run "npm run build" first`,
      'Tampilan belum dibangun; jalankan "npm run build" dulu.',
    );
  }
  const core = (() => {
    try {
      return openCore(dataDir(values.data), {
        fastHash: values['fast-hash'],
        idleSeconds: values['idle-seconds'] ? seconds(values['idle-seconds'], '--idle-seconds') : null,
        warningSeconds: values['warning-seconds']
          ? seconds(values['warning-seconds'], '--warning-seconds')
          : null,
        drives: values.drives ? folderDrives(values.drives) : undefined,
        uploadSchedule: true,
        exclusive: true,
      });
    } catch (error) {
      throw asRefusal(error);
    }
  })();
  // Listen first, so the browser loads the UI while the core does its start-up work (clean-up after a
  // crash; the built-in courses, which a first run verifies and installs); API calls wait for that work, so
  // none of them sees a half-prepared kiosk.
  let startPreparing = () => {};
  const prepared = new Promise<void>((resolve, reject) => {
    startPreparing = () => void core.prepare().then(resolve, reject);
  });
  prepared.catch(() => {}); // awaited below; the calls waiting on it answer 500 while the host shuts down
  if (values.host !== '127.0.0.1' && values.host !== 'localhost') {
    console.error(`warning: serving on ${values.host}: other machines on the network can reach this kiosk`);
  }
  const host = await startHost({
    core: {
      ...core,
      call: async (token, method, args) => {
        await prepared;
        return core.call(token, method, args);
      },
      callAnonymous: async (method, args) => {
        await prepared;
        return core.callAnonymous(method, args);
      },
    },
    rendererDir: RENDERER_DIR,
    host: values.host,
    port: Number(values.port),
  }).catch((error: unknown) => {
    core.close();
    throw asRefusal(error);
  });
  const sco = await startScoOrigin(core, new URL(host.url).origin);
  console.log(`Balai Belajar: ${host.url}`);
  startPreparing();
  try {
    await prepared;
  } catch (error) {
    await Promise.all([host.close(), sco.close()]);
    core.close();
    throw error;
  }
  const stop = () => {
    void Promise.all([host.close(), sco.close()]).then(() => {
      core.close();
      process.exit(0);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return new Promise<number>(() => {});
}

/** A data folder or port already taken is said in both languages, as every refusal of the CLI. */
function asRefusal(error: unknown): unknown {
  return error instanceof DataFolderInUse || error instanceof PortInUse
    ? new Refused(error.message, error.indonesian)
    : error;
}

function folderDrives(dir: string): FolderDrives {
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory())
    throw new UsageError(`--drives ${dir}: not a folder (make it first; its sub-folders are the drives)`);
  return new FolderDrives(resolve(dir));
}

function seconds(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 86_400)
    throw new UsageError(`${flag} must be a whole number of seconds (1–86400)`);
  return n;
}
