import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { err, ok, type Result } from '../../api/result';
import type { Clock } from '../clock';
import { compareVersions } from '../courses/semver';
import type { CourseStore } from '../courses/store';
import type { Db } from '../db/database';
import type { Logger } from '../log';
import { peekSignedVersion } from '../packages/course-package';
import { parseJsonLimited } from '../packages/canonical';
import { acceptCarriedLists } from '../pki/store';
import type { Trust } from '../pki/trust';
import { DEFAULT_LIMITS } from '../packages/limits';
import type { TaskControl, Tasks } from '../tasks/tasks';
import { fetchSmall, type FetchFn } from '../updates/http';
import { downloadChecked } from './download';
import { checkCatalogue, MAX_CATALOGUE_BYTES, type CatalogueEntry } from './format';
import { lastAcceptedCatalogue, recordCatalogue } from './state';

/** What the catalogue sync needs; `db` and `courses` are read at call time (a restore reopens them). */
export interface CatalogueSyncDeps {
  db: () => Db;
  courses: () => CourseStore;
  trust: () => Trust;
  fetch: FetchFn;
  clock: Clock;
  log: Logger;
  /** Packages are downloaded into `<dataDir>/downloads` and removed after their install. */
  dataDir: string;
}

/** How a sync ended (the task's result). */
export interface CatalogueSyncResult {
  catalogueId: string;
  sequence: number;
  installed: { id: string; version: string; replaced: string | null }[];
  /** Courses the kiosk has at this version or newer already. */
  upToDate: number;
  /** Courses that could not be downloaded or installed this time; the next sync tries again. */
  failed: { id: string; version: string; reason: string }[];
}

export const CATALOGUE_TASK = 'catalogue.sync';

/** Starts a sync as a task (one at a time); the operator polls `tasks.get` for bytes downloaded. */
export function startCatalogueSync(
  tasks: Tasks,
  deps: CatalogueSyncDeps,
  url: string,
): { ok: true; id: string } | { ok: false; runningId: string } {
  return tasks.start(CATALOGUE_TASK, (control) => syncCatalogue(deps, url, control));
}

/**
 * Reads the signed course catalogue at `url`, refuses it if tampered, malformed or older than the last one
 * accepted (replay), records it, then downloads every course that is new or newer than the installed one
 * (size and SHA-256 as signed, into a temp file) and installs it exactly as from a stick
 * (`CourseStore.installVerified`: the package's own publisher signature, hashes and content checks).
 */
export async function syncCatalogue(
  deps: CatalogueSyncDeps,
  url: string,
  control: TaskControl,
): Promise<Result<CatalogueSyncResult>> {
  const fetched = await fetchSmall(deps.fetch, url, {
    maxBytes: MAX_CATALOGUE_BYTES,
    timeoutMs: 30_000,
    signal: control.signal,
  });
  if (!fetched.ok)
    return fetched.offline
      ? err('NOT_FOUND', `the catalogue could not be reached: ${fetched.message}`, { reason: 'offline' })
      : refused(deps, url, 'malformed', fetched.message);
  if (fetched.status !== 200)
    return err('NOT_FOUND', `the catalogue answered HTTP ${fetched.status}`, {
      reason: `http_${fetched.status}`,
    });
  takeCarriedRevocations(deps, fetched.bytes);
  const checked = checkCatalogue(fetched.bytes, deps.trust(), (id) => lastAcceptedCatalogue(deps.db(), id));
  if (!checked.ok) return refused(deps, url, checked.code, checked.message);
  const { catalogue } = checked;
  if (!checked.same)
    recordCatalogue(
      deps.db(),
      {
        catalogueId: catalogue.catalogueId,
        sequence: catalogue.sequence,
        issuedAt: catalogue.issuedAt,
        digest: checked.digest,
        keyId: checked.keyId,
        url,
      },
      deps.clock.now(),
    );
  const wanted = catalogue.courses.filter((entry) => {
    const installed = deps.courses().get(entry.id);
    return !installed || compareVersions(entry.version, installed.version) > 0;
  });
  const result: CatalogueSyncResult = {
    catalogueId: catalogue.catalogueId,
    sequence: catalogue.sequence,
    installed: [],
    upToDate: catalogue.courses.length - wanted.length,
    failed: [],
  };
  deps.log.info('course catalogue accepted', {
    catalogueId: catalogue.catalogueId,
    sequence: catalogue.sequence,
    newOrNewer: wanted.length,
  });
  const downloads = join(deps.dataDir, 'downloads');
  rmSync(downloads, { recursive: true, force: true }); // what an interrupted sync left
  mkdirSync(downloads, { recursive: true });
  const total = wanted.reduce((sum, e) => sum + e.sizeBytes, 0);
  let done = 0;
  control.progress(0, total);
  for (const entry of wanted) {
    if (control.signal.aborted) return err('BUSY', 'cancelled');
    control.progress(done, total, entry.title);
    const outcome = await fetchAndInstall(
      deps,
      url,
      entry,
      join(downloads, `${randomUUID()}.balaicourse`),
      control,
      (n) => {
        done += n;
        control.progress(done, total);
      },
    );
    if (outcome.ok)
      result.installed.push({ id: entry.id, version: entry.version, replaced: outcome.replaced });
    else if (outcome.cancelled) return err('BUSY', 'cancelled');
    else {
      result.failed.push({ id: entry.id, version: entry.version, reason: outcome.reason });
      deps.log.warn('catalogue course not installed', {
        id: entry.id,
        version: entry.version,
        reason: outcome.reason,
      });
    }
  }
  rmSync(downloads, { recursive: true, force: true });
  control.progress(total, total);
  return ok(result);
}

type Installed = { ok: true; replaced: string | null } | { ok: false; reason: string; cancelled?: boolean };

async function fetchAndInstall(
  deps: CatalogueSyncDeps,
  catalogueUrl: string,
  entry: CatalogueEntry,
  file: string,
  control: TaskControl,
  onBytes: (n: number) => void,
): Promise<Installed> {
  let source: URL;
  try {
    source = new URL(entry.url, catalogueUrl);
  } catch {
    return { ok: false, reason: `"${entry.url}" is not a URL` };
  }
  if (source.protocol !== 'https:' && source.protocol !== 'http:')
    return { ok: false, reason: `${source.protocol} is not http or https` };
  try {
    const got = await downloadChecked(
      deps.fetch,
      source.toString(),
      file,
      { size: entry.sizeBytes, sha256: entry.sha256 },
      { signal: control.signal, onBytes },
    );
    if (!got.ok) return { ok: false, reason: got.message, cancelled: got.cancelled };
    // The catalogue names a course and version; the package must sign that same course and version.
    const peek = await peekSignedVersion(file, DEFAULT_LIMITS);
    if (!peek || peek.courseId !== entry.id || peek.version !== entry.version)
      return {
        ok: false,
        reason: `the package is ${peek ? `${peek.courseId} ${peek.version}` : 'unreadable'}, the catalogue says ${entry.id} ${entry.version}`,
      };
    const installed = await deps.courses().installVerified(file, { signal: control.signal });
    if (!installed.ok) return { ok: false, reason: installed.reason, cancelled: installed.cancelled };
    return { ok: true, replaced: installed.replaced };
  } finally {
    rmSync(file, { force: true });
  }
}

function refused(deps: CatalogueSyncDeps, url: string, code: string, message: string): Result<never> {
  deps.log.warn('course catalogue refused', { url, reason: code, message });
  return err('INVALID_CONTENT', `the catalogue was refused: ${message}`, { reason: code });
}

/** Revocation lists the catalogue carries count before the catalogue itself is judged (they may revoke its signer). */
function takeCarriedRevocations(deps: CatalogueSyncDeps, bytes: Buffer): void {
  const json = parseJsonLimited(bytes, 'the catalogue', { maxBytes: MAX_CATALOGUE_BYTES, maxDepth: 8 });
  if (!json.ok || typeof json.value !== 'object' || json.value === null) return;
  const signed = (json.value as { signed?: { revocations?: unknown } }).signed;
  const trust = deps.trust();
  for (const taken of acceptCarriedLists(deps.db(), signed?.revocations, {
    roots: trust.roots,
    now: trust.now,
    source: 'catalogue',
  }))
    if (taken.ok && (taken.outcome === 'added' || taken.outcome === 'newer'))
      deps.log.info('revocation list taken from the catalogue', {
        issuer: taken.issuerKeyId,
        sequence: taken.sequence,
      });
}
