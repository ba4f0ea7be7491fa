import { spawnSync } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packCourse } from '../main/core/packages/course-package';
import { privateKeyFileSchema } from '../main/core/packages/keys';
import { DEFAULT_LIMITS } from '../main/core/packages/limits';
import { chainFileSchema } from '../main/core/pki/format';
import { REPO_ROOT } from './lib/balai';
import type { Bench } from './lib/context';
import { figure, round } from './lib/figure';
import { filesystemOf } from './lib/fs-type';
import { runToEnd } from './lib/process';

const MEDIA_FILES = 25;
const MEDIA_BYTES = 20 * 1024 * 1024; // 25 × 20 MiB = 500 MiB of incompressible video

/** A signed package of about 500 MiB, generated in the bench's temp folder (never committed). */
async function bigPackage(dir: string): Promise<string> {
  const src = join(dir, 'src');
  mkdirSync(join(src, 'lessons'), { recursive: true });
  mkdirSync(join(src, 'media'), { recursive: true });
  const chunk = Buffer.alloc(MEDIA_BYTES);
  for (let i = 0; i < MEDIA_FILES; i++) {
    randomFillSync(chunk);
    chunk.write('ftypisom', 4, 'latin1'); // an MP4 starts with a size and "ftyp"
    writeFileSync(join(src, 'media', `video-${i}.mp4`), chunk);
  }
  writeFileSync(join(src, 'lessons', 'l1.md'), '# Video\n\nPelajaran dengan video.\n');
  writeFileSync(
    join(src, 'course.json'),
    JSON.stringify({
      formatVersion: 1,
      id: 'bench-besar',
      version: '1.0.0',
      language: 'id',
      title: 'Bench 500 MB',
      description: 'Paket besar untuk pengukuran.',
      publisher: 'Bench',
      modules: [{ id: 'm', title: 'M', lessons: [{ id: 'l1', title: 'L1', body: 'lessons/l1.md' }] }],
    }),
  );
  const key = {
    key: privateKeyFileSchema.parse(
      JSON.parse(readFileSync(join(REPO_ROOT, 'content', 'keys', 'dev-publisher.key.json'), 'utf8')),
    ),
    chain: chainFileSchema.parse(
      JSON.parse(readFileSync(join(REPO_ROOT, 'content', 'keys', 'dev-publisher.chain.json'), 'utf8')),
    ).chain,
  };
  const file = join(dir, 'bench-besar.balaicourse');
  await packCourse(src, key, file, DEFAULT_LIMITS, new Date());
  return file;
}

/**
 * Installing a 500 MiB course package (streaming unzip with limits, SHA-256 of every file, signature,
 * staged and renamed into place) against `cp` + `sha256sum` of the same file on the same disk; and the
 * install's peak memory (max RSS of the process that installs).
 */
export const courseInstallBench: Bench = {
  id: 'install',
  figures: [
    { name: 'course.install.500MB', unit: 'ms' },
    { name: 'course.install.500MB.peakRss', unit: 'MiB' },
  ],
  async run(ctx) {
    const dir = ctx.scope.tmpDir('install');
    const pkg = await bigPackage(dir);
    const size = statSync(pkg).size;

    const copy = join(dir, 'copy.balaicourse');
    const t0 = performance.now();
    const base = spawnSync('sh', ['-c', 'cp "$1" "$2" && sha256sum "$2" >/dev/null', 'sh', pkg, copy], {
      stdio: 'ignore',
    });
    const baselineMs = performance.now() - t0;
    if (base.status !== 0) throw new Error('cp + sha256sum failed');

    const out = join(dir, 'result.json');
    await runToEnd(
      process.execPath,
      [
        'node_modules/tsx/dist/cli.mjs',
        join('bench', 'lib', 'install-runner.ts'),
        pkg,
        join(dir, 'kiosk'),
        out,
      ],
      { cwd: REPO_ROOT, timeoutMs: 120_000 },
    );
    const result = JSON.parse(readFileSync(out, 'utf8')) as {
      ms: number;
      maxRssMiB: number;
      ok: boolean;
      reason: string | null;
    };
    if (!result.ok) throw new Error(`install refused: ${result.reason}`);
    const note = `package ${round(size / 1024 / 1024, 1)} MiB (${MEDIA_FILES} incompressible media files, stored); ${filesystemOf(dir)}`;
    ctx.emit(
      figure(
        { name: 'course.install.500MB', value: round(result.ms, 0), unit: 'ms' },
        { name: 'cp + sha256sum of the same file', value: round(baselineMs, 0), unit: 'ms' },
        note,
      ),
    );
    ctx.emit(
      figure(
        { name: 'course.install.500MB.peakRss', value: round(result.maxRssMiB, 1), unit: 'MiB' },
        null,
        `max RSS of the installing process (core opened, install, closed); ${note}`,
      ),
    );
  },
};
