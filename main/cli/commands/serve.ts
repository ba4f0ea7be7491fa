import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FolderDrives } from '../../core/drives/folder';
import { startHost } from '../../host/server';
import { startScoOrigin } from '../../host/sco-origin';
import { dataDir, parse, Refused, UsageError } from '../args';
import { openCore } from '../core';
import { RENDERER_DIR } from '../paths';

export const serveHelp = `balai serve --data DIR [--port N] [--host ADDR] [--drives DIR]
  Runs the kiosk app for a browser on 127.0.0.1 and prints its URL.
  --drives DIR: each sub-folder of DIR stands in for a plugged-in flashdisk (instead of this computer's
  removable drives); make or delete a sub-folder to plug one in or pull it.
  Test-only: --idle-seconds N (idle logout after N s), --warning-seconds N (length of the idle warning),
  --fast-hash (cheap PIN hashing).`;

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
  const core = openCore(dataDir(values.data), {
    fastHash: values['fast-hash'],
    idleSeconds: values['idle-seconds'] ? seconds(values['idle-seconds'], '--idle-seconds') : null,
    warningSeconds: values['warning-seconds']
      ? seconds(values['warning-seconds'], '--warning-seconds')
      : null,
    drives: values.drives ? folderDrives(values.drives) : undefined,
    uploadSchedule: true,
  });
  await core.prepare();
  if (values.host !== '127.0.0.1' && values.host !== 'localhost') {
    console.error(`warning: serving on ${values.host}: other machines on the network can reach this kiosk`);
  }
  const host = await startHost({
    core,
    rendererDir: RENDERER_DIR,
    host: values.host,
    port: Number(values.port),
  });
  const sco = await startScoOrigin(core, new URL(host.url).origin);
  console.log(`Balai Belajar: ${host.url}`);
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
