import type { RosterCard } from '../../../main/api/auth';

/** The cards last shown on the home screen, so the PIN screen can greet by name without another call. */
const known = new Map<string, RosterCard>();

export function rememberCards(cards: RosterCard[]): void {
  for (const card of cards) known.set(card.id, card);
}

export function knownCard(id: string): RosterCard | undefined {
  return known.get(id);
}
