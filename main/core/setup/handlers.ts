import type { setupApi } from '../../api/setup';
import type { HandlerMap } from '../context';
import { setUpKiosk } from './setup';

export const setupHandlers: HandlerMap<typeof setupApi> = {
  'setup.create': (input, { services, session }) => {
    const result = setUpKiosk(services, input);
    // The operator who just set the kiosk up is logged in, so they can add learners straight away.
    if (result.ok) services.sessions.bind(session, result.value.operatorId);
    return result;
  },
};
