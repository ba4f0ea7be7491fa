import { ok, type Result } from '../../api/result';
import type { Services } from '../context';
import type { Drive } from '../drives/drive';
import { copyCoursesToStick, type CopiedCourse } from './courses';
import { writeReceipts, type ReceiptOptions, type WrittenReceipt } from './receipts';

export interface StickAnswer {
  /** The receipts carry the hub's certificate chain; false: uncertified, kiosks refuse them. */
  certified: boolean;
  receipts: WrittenReceipt[];
  /** With `courses`: the packages now on the stick, and installed courses the hub has no package for. */
  courses: { courses: CopiedCourse[]; missing: string[] } | null;
}

/**
 * What the hub hands back on a village's stick after an import: the receipts (for the kiosks whose bundles
 * were on it, or those asked for) and, when the admin asks (`courses`), the course packages the hub has.
 */
export async function answerOnStick(
  services: Pick<Services, 'db' | 'clock' | 'log' | 'config' | 'regions' | 'courses' | 'trust'>,
  target: Pick<Drive, 'mountpoint'>,
  options: ReceiptOptions & { courses?: boolean } = {},
): Promise<Result<StickAnswer>> {
  const receipts = writeReceipts(services, target, options);
  if (!receipts.ok) return receipts;
  const { certified } = receipts.value;
  if (!options.courses) return ok({ certified, receipts: receipts.value.receipts, courses: null });
  const courses = await copyCoursesToStick(services, target);
  if (!courses.ok) return courses;
  return ok({ certified, receipts: receipts.value.receipts, courses: courses.value });
}
