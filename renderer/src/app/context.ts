import { createContext, useContext } from 'react';
import type { LoginOk, SessionAccount } from '../../../main/api/auth';
import type { SystemInfo } from '../../../main/api/system';
import type { Language } from '../i18n';

/** A short message for the home screen after the app logged someone out. */
export type Notice = 'idle' | 'expired' | 'loggedOut' | null;

/** What every screen may read or do about the app as a whole. */
export interface AppState {
  info: SystemInfo;
  account: SessionAccount | null;
  notice: Notice;
  /** Reload system.info (after set-up, after settings change). */
  refreshInfo: () => Promise<void>;
  /** After login, recovery or set-up: remember the account and go where the person left off. */
  loggedIn: (login: Pick<LoginOk, 'account' | 'resume'>, landing?: string) => void;
  logout: (reason: 'user' | 'idle') => Promise<void>;
  setLanguage: (language: Language) => void;
}

export const AppContext = createContext<AppState | null>(null);

export function useApp(): AppState {
  const app = useContext(AppContext);
  if (!app) throw new Error('useApp outside <AppContext>');
  return app;
}
