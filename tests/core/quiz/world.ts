import { join } from 'node:path';
import { writeAssessmentCourse } from '../../helpers/course-fixture';
import { makeWorld, type World } from '../../helpers/world';

/** The test world with the assessment course (`uji-lengkap`) installed. */
export async function assessmentWorld(
  dir: string,
  opts: Parameters<typeof writeAssessmentCourse>[1] = {},
): Promise<World> {
  const w = await makeWorld(dir);
  const installed = w.core.services.courses.installFolder(
    writeAssessmentCourse(join(`${dir}-sticks`, 'src'), opts),
  );
  if (!installed.ok) throw new Error(installed.reason);
  return w;
}
