import type { MethodName } from '../../api/contract';

/**
 * What an office PC (hub mode) may call besides the hub's own methods: set-up (which answers
 * ALREADY_SET_UP), logging in, settings, courses to hand on to villages, sticks, tasks, the LRS, updates and
 * the course studio.
 * Everything else is a village kiosk's (learners, lessons, quizzes, the village report, bundles, backups) and
 * is refused on a hub.
 */
const ON_A_HUB =
  /^(system|regions|setup|auth|kiosk|settings|audit|tasks|drives|lrs|updates|catalogue|hub|studio)\./;
const HUB_COURSES = new Set<MethodName>(['courses.installed', 'courses.remove', 'courses.installFromDrive']);

export function allowedOnHub(name: MethodName): boolean {
  return ON_A_HUB.test(name) || HUB_COURSES.has(name);
}
