import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';

/** The names a browser on this computer uses for loopback. */
const LOOPBACK = ['127.0.0.1', 'localhost', '[::1]'];
const WILDCARD = new Set(['0.0.0.0', '::']);

export interface Refusal {
  status: 421 | 403;
  error: { code: 'FORBIDDEN'; message: string };
}

export interface HostGate {
  /** The `Host` values answered (lower case, with the port). */
  names(): ReadonlySet<string>;
  /** Why a request with these `Host` and `Origin` headers is refused, or null when it names this host. */
  refusal(host: string | undefined, origin: string | undefined): Refusal | null;
}

type Interfaces = () => ReturnType<typeof networkInterfaces>;

const bracket = (address: string) => (address.includes(':') ? `[${address}]` : address);

/**
 * Which requests are for this host (DNS rebinding): a page on `evil.example` whose name an attacker points
 * at 127.0.0.1 is same-origin with itself, not with the kiosk, so its browser sends `Host: evil.example:PORT`.
 * The host answers only the names it listens on: the loopback names and port, the address it was opened on,
 * or, opened on every address (0.0.0.0 or ::), each address this computer has (looked up again when a name
 * is not known, so an address that came up later is answered). `Origin`, when sent, must be one of them.
 */
export function hostGate(address: AddressInfo, interfaces: Interfaces = networkInterfaces): HostGate {
  const withPort = (name: string) =>
    address.port === 80 ? [`${name}:80`, name] : [`${name}:${address.port}`];
  const compute = () => {
    const addresses = WILDCARD.has(address.address)
      ? Object.values(interfaces()).flatMap((list) => (list ?? []).map((i) => i.address))
      : [address.address];
    return new Set([...LOOPBACK, ...addresses.map(bracket)].flatMap((n) => withPort(n.toLowerCase())));
  };
  let names = compute();
  const known = (name: string) => {
    if (names.has(name)) return true;
    if (WILDCARD.has(address.address)) names = compute();
    return names.has(name);
  };
  return {
    names: () => names,
    refusal: (host, origin) => {
      const name = (host ?? '').toLowerCase();
      if (!known(name))
        return {
          status: 421,
          error: {
            code: 'FORBIDDEN',
            message: `this kiosk does not answer for the host "${name.slice(0, 100)}"`,
          },
        };
      if (origin !== undefined) {
        const from = origin.toLowerCase();
        if (!from.startsWith('http://') || !known(from.slice('http://'.length)))
          return {
            status: 403,
            error: { code: 'FORBIDDEN', message: `cross-origin request refused (${origin.slice(0, 100)})` },
          };
      }
      return null;
    },
  };
}
