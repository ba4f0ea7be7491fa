import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Drive, DriveSource } from '../../../main/core/drives/drive';
import { FolderDrives } from '../../../main/core/drives/folder';
import { DriveWatcher, type DriveChange } from '../../../main/core/drives/watcher';
import { memoryLogger } from '../../../main/core/log';
import { useTempDirs } from '../../helpers/core';

const temp = useTempDirs('balai-watch-');
const watchers: DriveWatcher[] = [];
afterEach(() => {
  while (watchers.length) watchers.pop()!.stop();
});

function watch(source: DriveSource, log = memoryLogger()) {
  const watcher = new DriveWatcher(source, { intervalMs: 20, log });
  watchers.push(watcher);
  const changes: DriveChange[] = [];
  watcher.on((c) => changes.push(c));
  return { watcher, changes, log };
}

/** A source whose answer the test sets: for what folders cannot show (a label change, a failing system). */
class SetSource implements DriveSource {
  drives: Drive[] = [];
  failure: Error | null = null;
  list(): Promise<Drive[]> {
    return this.failure ? Promise.reject(this.failure) : Promise.resolve(this.drives.map((d) => ({ ...d })));
  }
}

const stick = (id: string, label: string): Drive => ({
  id,
  label,
  sizeBytes: 8e9,
  freeBytes: 4e9,
  mountpoint: `/media/${label}`,
  readOnly: false,
});

describe('DriveWatcher over folders', () => {
  it('reports a new sub-folder as added and a deleted one as removed', async () => {
    const dir = temp();
    mkdirSync(join(dir, 'ALREADY'));
    const { watcher, changes } = watch(new FolderDrives(dir));
    await watcher.start();
    // Drives present at start are reported too, so the events add up to the snapshot.
    expect(changes.map((c) => [c.type, c.drive.label])).toEqual([['added', 'ALREADY']]);
    expect(watcher.snapshot().map((d) => d.label)).toEqual(['ALREADY']);

    mkdirSync(join(dir, 'KINGSTON'));
    await vi.waitFor(() => expect(watcher.snapshot().map((d) => d.label)).toEqual(['ALREADY', 'KINGSTON']));
    expect(changes.at(-1)).toMatchObject({ type: 'added', drive: { label: 'KINGSTON' } });

    rmSync(join(dir, 'ALREADY'), { recursive: true });
    await vi.waitFor(() => expect(watcher.snapshot().map((d) => d.label)).toEqual(['KINGSTON']));
    expect(changes.at(-1)).toMatchObject({ type: 'removed', drive: { label: 'ALREADY' } });
    expect(changes).toHaveLength(3);
  });

  it('stops: no more events after stop()', async () => {
    const dir = temp();
    const { watcher, changes } = watch(new FolderDrives(dir));
    await watcher.start();
    watcher.stop();
    mkdirSync(join(dir, 'LATE'));
    await new Promise((r) => setTimeout(r, 100));
    expect(changes).toEqual([]);
    expect(watcher.snapshot()).toEqual([]);
  });
});

describe('DriveWatcher', () => {
  it('reports a new label or read-only state as changed, under the same id; free space alone is no event', async () => {
    const source = new SetSource();
    source.drives = [stick('a', 'USB')];
    const { watcher, changes } = watch(source);
    await watcher.start();
    source.drives = [{ ...stick('a', 'USB'), freeBytes: 1e9 }];
    await vi.waitFor(() => expect(watcher.snapshot()[0]?.freeBytes).toBe(1e9));
    expect(changes).toHaveLength(1);
    source.drives = [{ ...stick('a', 'DATA DESA'), freeBytes: 1e9 }];
    await vi.waitFor(() => expect(changes).toHaveLength(2));
    expect(changes[1]).toMatchObject({ type: 'changed', drive: { id: 'a', label: 'DATA DESA' } });
    source.drives = [{ ...stick('a', 'DATA DESA'), freeBytes: 1e9, readOnly: true }];
    await vi.waitFor(() => expect(changes).toHaveLength(3));
    expect(changes[2]).toMatchObject({ type: 'changed', drive: { id: 'a', readOnly: true } });
    await new Promise((r) => setTimeout(r, 60));
    expect(changes).toHaveLength(3); // nothing new while nothing changes
  });

  it('keeps the last snapshot when the system fails to answer, and logs the failure once', async () => {
    const source = new SetSource();
    source.drives = [stick('a', 'USB')];
    const { watcher, changes, log } = watch(source);
    await watcher.start();
    source.failure = new Error('lsblk not found');
    await new Promise((r) => setTimeout(r, 100));
    expect(watcher.snapshot().map((d) => d.id)).toEqual(['a']);
    expect(changes.map((c) => c.type)).toEqual(['added']);
    expect(log.lines.filter((l) => l.includes('lsblk not found'))).toHaveLength(1);
    source.failure = null;
    source.drives = [];
    await vi.waitFor(() => expect(changes.map((c) => c.type)).toEqual(['added', 'removed']));
  });

  it('a listener that throws does not stop the others', async () => {
    const source = new SetSource();
    source.drives = [stick('a', 'USB')];
    const { watcher, changes, log } = watch(source);
    const off = watcher.on(() => {
      throw new Error('listener broke');
    });
    await watcher.poll();
    expect(changes).toHaveLength(1);
    expect(log.lines.some((l) => l.includes('listener broke'))).toBe(true);
    off();
    source.drives = [];
    await watcher.poll();
    expect(changes).toHaveLength(2);
  });

  it('shares one poll between callers', async () => {
    let calls = 0;
    const source: DriveSource = {
      list: async () => {
        calls++;
        await new Promise((r) => setTimeout(r, 20));
        return [];
      },
    };
    const { watcher } = watch(source);
    await Promise.all([watcher.poll(), watcher.poll(), watcher.poll()]);
    expect(calls).toBe(1);
  });
});
