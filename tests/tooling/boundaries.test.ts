import { ESLint } from 'eslint';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');

/** The lint rules that keep the app's shape: Electron only in main/electron, no Node in the renderer or contract. */
async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: ROOT });
  const [result] = await eslint.lintText(code, { filePath: resolve(ROOT, filePath) });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('import boundaries (ESLint)', () => {
  it('forbid electron in the core, host and CLI, and allow it in main/electron', async () => {
    for (const file of ['main/core/setup/setup.ts', 'main/host/server.ts', 'main/cli/index.ts']) {
      expect(await ruleIds(file, "import { app } from 'electron';\nexport const x = app;\n"), file).toContain(
        'no-restricted-imports',
      );
    }
    expect(
      await ruleIds('main/electron/main.ts', "import { app } from 'electron';\nexport const x = app;\n"),
    ).not.toContain('no-restricted-imports');
  });

  it('forbid Node, Electron and the core in the renderer and in the contract', async () => {
    const cases = [
      ['renderer/src/main.tsx', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n"],
      ['renderer/src/main.tsx', "import fs from 'fs';\nexport const x = fs;\n"],
      ['renderer/src/main.tsx', "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n"],
      ['renderer/src/main.tsx', "import { Db } from '../../main/core/db/database';\nexport const x = Db;\n"],
      ['main/api/system.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n"],
    ] as const;
    for (const [file, code] of cases)
      expect(await ruleIds(file, code), `${file}: ${code}`).toContain('no-restricted-imports');
    expect(
      await ruleIds(
        'renderer/src/main.tsx',
        "import { api } from '../../main/api/contract';\nexport const x = api;\n",
      ),
    ).not.toContain('no-restricted-imports');
  });
});

describe('import boundaries: the shell itself', () => {
  it('lets tests import the pure modules of the shell, but not the core', async () => {
    expect(
      await ruleIds(
        'tests/electron-logic/sender.test.ts',
        "import { isTrustedSender } from '../../main/electron/sender';\nexport const x = isTrustedSender;\n",
      ),
    ).not.toContain('no-restricted-imports');
    expect(
      await ruleIds(
        'main/core/app.ts',
        "import { isTrustedSender } from '../electron/sender';\nexport const x = isTrustedSender;\n",
      ),
    ).toContain('no-restricted-imports');
  });
});
