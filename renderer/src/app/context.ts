import { createContext, useContext } from 'react';
import type { KioskClient, Role, SiteLayout, User } from '../api';
import type { Route } from './routes';

export interface AppContextValue {
  readonly client: KioskClient;
  readonly user: User;
  readonly layout: SiteLayout;
  readonly route: Route;
  navigate(route: Route): void;
  can(min: Role): boolean;
  logout(): void;
  /** Call with any error from a call: a lost login (`unauthenticated`) sends the console back to the login screen. */
  reportError(error: unknown): void;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const app = useContext(AppContext);
  if (!app) throw new Error('useApp outside a logged-in console');
  return app;
}
