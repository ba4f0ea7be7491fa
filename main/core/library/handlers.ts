import { basename } from 'node:path';
import type { ForeignPackageOnDrive, libraryApi } from '../../api/library';
import { err, ok } from '../../api/result';
import { audit } from '../auth/audit';
import type { HandlerMap, Services } from '../context';
import { installedView } from '../courses/store';
import { FOREIGN_PACKAGE_EXTENSIONS } from '../content/recognise';
import { toPublicDrive, type Drive } from '../drives/drive';
import { recogniseFile } from '../packages/recognise-file';
import { findFiles } from '../drives/find';
import { resolveDrive, resolveOnDrive } from '../drives/paths';
import { readStickRevocations } from '../pki/store';

const PACKAGE_EXTENSION = '.balaicourse';
/** At most this many zips on a stick are opened to name them (each read is a directory and one small entry). */
const MAX_FOREIGN_CANDIDATES = 40;

/** Raw packages of other standards on a stick (a SCORM zip, an .h5p, …), named; other zips are left out. */
async function foreignPackages(drive: Drive): Promise<ForeignPackageOnDrive[]> {
  const found = await findFiles(drive, {
    extensions: [...FOREIGN_PACKAGE_EXTENSIONS],
    maxFiles: MAX_FOREIGN_CANDIDATES,
  });
  const out: ForeignPackageOnDrive[] = [];
  for (const f of found.files) {
    const file = resolveOnDrive(drive, f.path);
    if (!file.ok) continue;
    const r = await recogniseFile(file.path);
    if (!r || r.standard === 'balai' || r.standard === 'unknown') continue;
    out.push({
      path: f.path,
      fileName: basename(f.path),
      sizeBytes: f.sizeBytes,
      standard: r.standard,
      edition: r.edition,
      title: r.title,
    });
  }
  return out;
}

/** Reads the stick's BalaiBelajar/pencabutan folder; what is newer is kept, the rest logged. */
function takeStickRevocations(services: Services, mountpoint: string): void {
  for (const r of readStickRevocations(services.db, mountpoint, {
    roots: services.roots,
    now: services.clock.now(),
  }))
    if (!r.ok) services.log.warn('revocation list on the stick refused', { file: r.file, reason: r.reason });
    else if (r.outcome === 'added' || r.outcome === 'newer')
      services.log.info('revocation list taken from the stick', {
        issuer: r.issuerKeyId,
        sequence: r.sequence,
      });
}

/** Operator: the installed courses, removing one, and installing packages found on a stick. */
export const libraryHandlers: HandlerMap<typeof libraryApi> = {
  'courses.installed': (_input, { services }) =>
    ok({
      courses: services.courses.list().map(installedView),
    }),

  'courses.remove': ({ courseId }, { services, account }) => {
    const course = services.courses.get(courseId);
    if (!course) return err('NOT_FOUND', `no course ${courseId}`);
    services.courses.remove(courseId);
    audit(services.db, services.clock, {
      actorId: account.id,
      action: 'course.remove',
      details: { courseId, version: course.version },
    });
    return ok({ removed: true });
  },

  'drives.list': async (_input, { services }) =>
    ok({ drives: (await services.drives.list()).map(toPublicDrive) }),

  'drives.packages': async ({ driveId }, { services }) => {
    const drive = await resolveDrive(services.drives, driveId);
    if (!drive) return err('DRIVE_NOT_FOUND', 'that drive is not plugged in');
    takeStickRevocations(services, drive.mountpoint);
    const found = await findFiles(drive, { extensions: [PACKAGE_EXTENSION] });
    return ok({
      drive: toPublicDrive(drive),
      packages: found.files.map((f) => ({
        path: f.path,
        fileName: basename(f.path),
        sizeBytes: f.sizeBytes,
      })),
      foreign: await foreignPackages(drive),
    });
  },

  'courses.installFromDrive': async ({ driveId, path }, { services, account }) => {
    const drive = await resolveDrive(services.drives, driveId);
    if (!drive) return err('DRIVE_NOT_FOUND', 'that drive is not plugged in');
    if (!path.toLowerCase().endsWith(PACKAGE_EXTENSION))
      return err('BAD_INPUT', `not a ${PACKAGE_EXTENSION} file`);
    const file = resolveOnDrive(drive, path);
    if (!file.ok) return err('BAD_INPUT', file.reason);
    // A revocation list on the same stick counts before the package is judged.
    takeStickRevocations(services, drive.mountpoint);
    const started = services.tasks.start('course-install', async (task) => {
      const outcome = await services.courses.installVerified(file.path, {
        signal: task.signal,
        onProgress: (done, total) => task.progress(done, total),
      });
      if (outcome.ok) {
        audit(services.db, services.clock, {
          actorId: account.id,
          action: 'course.install',
          details: {
            courseId: outcome.course.id,
            version: outcome.course.version,
            replaced: outcome.replaced,
          },
        });
        return ok({
          courseId: outcome.course.id,
          version: outcome.course.version,
          title: outcome.course.title,
          replaced: outcome.replaced,
        });
      }
      if (outcome.cancelled) return err('INVALID_CONTENT', 'cancelled');
      audit(services.db, services.clock, {
        actorId: account.id,
        action: 'course.refused',
        details: { file: basename(path), reason: outcome.reason },
      });
      return err('INVALID_CONTENT', outcome.reason, { reason: outcome.reason });
    });
    if (!started.ok)
      return err('BUSY', 'another course install is still running', { taskId: started.runningId });
    return ok({ taskId: started.id });
  },
};
