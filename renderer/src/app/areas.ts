import type { SessionAccount } from '../../../main/api/auth';

/** Where an account lands after login when there is nothing to resume. */
export function homeRouteFor(account: SessionAccount): string {
  return account.isLearner ? '/learn' : '/operator';
}

/**
 * Where a learner comes back to after logging in again, for a route they were at: the same place, except
 * that a quiz leads to its course page (where "Lanjutkan tes" picks the open attempt up), never straight
 * into the questions; null for the result of a quiz already sent and for routes outside learning.
 */
export function resumeRouteFor(route: string): string | null {
  if (!route.startsWith('/learn') || /\/result(\/|$)/.test(route)) return null;
  const quiz = /^\/learn\/quiz\/([^/]+)\//.exec(route);
  return quiz ? `/learn/course/${quiz[1]}` : route;
}
