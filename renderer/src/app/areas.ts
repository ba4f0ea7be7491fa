import type { SessionAccount } from '../../../main/api/auth';

/** Where an account lands after login when there is nothing to resume. */
export function homeRouteFor(account: SessionAccount): string {
  return account.isLearner ? '/learn' : '/operator';
}

/** Routes a learner can come back to after logging in again (not the result of a quiz already sent). */
export function isResumable(route: string): boolean {
  return route.startsWith('/learn') && !/\/result(\/|$)/.test(route);
}
