import type { settingsApi } from '../../api/settings';
import { ok } from '../../api/result';
import { audit } from '../auth/audit';
import type { HandlerMap } from '../context';
import { readSettings, writeSettings } from './settings';

export const settingsHandlers: HandlerMap<typeof settingsApi> = {
  'settings.get': (_input, { services }) => ok({ settings: readSettings(services.db) }),
  'settings.update': (changes, { services, account }) => {
    const settings = services.db.transaction(() => {
      const next = writeSettings(services.db, changes);
      audit(services.db, services.clock, {
        actorId: account.id,
        action: 'settings.update',
        details: changes,
      });
      return next;
    });
    return ok({ settings });
  },
};
