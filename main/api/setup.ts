import { z } from 'zod';
import { method } from './define';
import { desaCode, fullName, jabatan, pin } from './fields';

export interface SetupDone {
  deviceId: string;
  /** Shown once: the operator writes it down or prints it. Only its hash is kept. */
  recoveryCode: string;
  operatorId: string;
}

export const setupApi = {
  /** First-run set-up: village, operator account, device key, recovery code. */
  'setup.create': method<SetupDone>()(
    'anyone',
    z.strictObject({
      desaCode,
      operator: z.strictObject({
        fullName,
        jabatan,
        pin,
        /** The operator also studies on this kiosk (most village operators do). */
        isLearner: z.boolean().default(true),
      }),
    }),
  ),
};
