import { weakPinReason, type PinOwner } from '../../api/pin-rules';
import { err, type Result } from '../../api/result';
import type { CoreConfig } from '../context';

/**
 * Refuses a PIN being set (created, reset, recovered) that is too easy to guess, saying why in
 * `details.reason`; null when it may be used. PINs already stored are never checked. A demo village
 * (`balai demo`) keeps its well-known PINs: `config.allowWeakPins`.
 */
export function refuseWeakPin(
  services: { config: Pick<CoreConfig, 'allowWeakPins'> },
  pin: string,
  owner: PinOwner,
): Result<never> | null {
  if (services.config.allowWeakPins) return null;
  const reason = weakPinReason(pin, owner);
  return reason ? err('WEAK_PIN', `PIN too easy to guess: ${reason}`, { reason }) : null;
}
