/**
 * Words a village official may not know, each said plainly in the sentence (the word itself only in brackets
 * after it) and explained under "Selengkapnya" on the screen that shows it. tests/renderer/plain-words.test.ts
 * holds the Indonesian texts to this; tests/e2e/plain-words.spec.ts the screens.
 */
export const PLAIN_TOPICS = {
  lrs: ['LRS', 'endpoint', 'key', 'secret'],
  channels: ['alpha', 'beta'],
  gain: ['kenaikan ternormalisasi'],
} as const;
export type PlainTopic = keyof typeof PLAIN_TOPICS;
