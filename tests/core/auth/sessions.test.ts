import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../main/core/clock';
import { SessionStore } from '../../../main/core/session/store';

describe('the session store', () => {
  it('keeps no transient session until an account is bound to it', () => {
    const store = new SessionStore(new ManualClock(), () => 60_000, 3);
    const anonymous = Array.from({ length: 10 }, () => store.transient());
    expect(anonymous.every((s) => !store.kept(s) && store.get(s.token) === undefined)).toBe(true);
    const session = store.transient();
    store.bind(session, 'ani');
    expect(store.get(session.token)).toBe(session);
    // Logged out again, it stays (the tab keeps its cookie) but as a logged-out session.
    store.bind(session, null);
    expect(store.get(session.token)?.accountId).toBeNull();
  });

  it('when full, pushes out the longest-idle logged-out session before anyone logged in', () => {
    const clock = new ManualClock();
    const store = new SessionStore(clock, () => 3_600_000, 3);
    const ani = store.transient();
    store.bind(ani, 'ani');
    clock.advance(1_000);
    const window = store.create();
    clock.advance(1_000);
    const budi = store.transient();
    store.bind(budi, 'budi');
    clock.advance(1_000);
    const citra = store.transient();
    store.bind(citra, 'citra');
    expect(store.get(window.token)).toBeUndefined();
    expect([ani, budi, citra].every((s) => store.get(s.token)?.accountId)).toBe(true);
    // Everyone logged in: the longest idle goes.
    const dewi = store.transient();
    store.bind(dewi, 'dewi');
    expect(store.get(ani.token)).toBeUndefined();
    expect(store.loggedInCount()).toBe(3);
  });
});
