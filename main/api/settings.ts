import { z } from 'zod';
import { method } from './define';
import { language } from './fields';

export interface KioskSettings {
  idleMinutes: number;
  language: 'id' | 'en';
}

export const settingsApi = {
  'settings.get': method<{ settings: KioskSettings }>()('operator', z.strictObject({})),
  'settings.update': method<{ settings: KioskSettings }>()(
    'operator',
    z.strictObject({
      idleMinutes: z.number().int().min(1).max(120).optional(),
      language: language.optional(),
    }),
  ),
};
