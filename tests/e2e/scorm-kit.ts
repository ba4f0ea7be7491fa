import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { balai, ROOT } from './learner-kit';

/** Wraps corpus SCORM zips with `balai course wrap` (the dev publisher) and installs them with the CLI. */
export function wrapAndInstall(zips: string[], dataDir: string): void {
  const dir = mkdtempSync(join(tmpdir(), 'balai-scorm-e2e-'));
  try {
    zips.forEach((zip, i) => {
      const out = join(dir, `${i}.balaicourse`);
      const key = join(ROOT, 'content', 'keys', 'dev-publisher.key.json');
      const cert = join(ROOT, 'content', 'keys', 'dev-publisher.chain.json');
      const wrap = balai(['course', 'wrap', zip, '--key', key, '--cert', cert, '--out', out]);
      if (wrap.status !== 0) throw new Error(`course wrap failed: ${wrap.stderr}`);
      const install = balai(['course', 'install', out, '--data', dataDir]);
      if (install.status !== 0) throw new Error(`course install failed: ${install.stderr}`);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
