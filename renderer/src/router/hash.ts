import { useSyncExternalStore } from 'react';

/**
 * A small hash router: the route is the part after `#`, always starting with `/`. Hash routes work the same
 * under the HTTP host and Electron's custom protocol, and need no server support.
 */
export function currentRoute(): string {
  const hash = decodeURI(window.location.hash.replace(/^#/, ''));
  return hash.startsWith('/') ? hash : '/';
}

export function navigate(route: string, options: { replace?: boolean } = {}): void {
  if (route === currentRoute()) return;
  if (options.replace) {
    const url = new URL(window.location.href);
    url.hash = route;
    window.history.replaceState(null, '', url);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    window.location.hash = route;
  }
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useRoute(): string {
  return useSyncExternalStore(subscribe, currentRoute);
}

/** Matches `/learn/lesson/:courseId/:lessonId` against a route; returns the parameters or null. */
export function match(pattern: string, route: string): Record<string, string> | null {
  const want = pattern.split('/');
  const got = route.split('/');
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (const [i, part] of want.entries()) {
    const value = got[i]!;
    if (part.startsWith(':')) {
      if (!value) return null;
      params[part.slice(1)] = value;
    } else if (part !== value) {
      return null;
    }
  }
  return params;
}
