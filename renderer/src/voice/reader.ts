import { pickVoice, loadVoices } from './voices';
import type { Section } from './segments';

/** Reading speeds, slowest first; the middle one is normal speech. */
export const RATES = [0.6, 0.8, 1, 1.2, 1.4] as const;
export const NORMAL_RATE_INDEX = 2;

/** Where the voice of one section comes from, in order: the course's narration, then the PC's own voice. */
export type Source = { kind: 'narration'; url: string } | { kind: 'voice'; voice: SpeechSynthesisVoice };

export type ReaderState = 'idle' | 'loading' | 'reading' | 'no-voice';

const HIGHLIGHT = 'balai-read-aloud';

function highlight(range: Range | null): void {
  const registry = typeof CSS !== 'undefined' && 'highlights' in CSS ? CSS.highlights : null;
  if (!registry) return;
  if (range) registry.set(HIGHLIGHT, new Highlight(range));
  else registry.delete(HIGHLIGHT);
}

/**
 * Reads sections aloud one after another and highlights what is being read: a section with narration plays
 * its audio file (the whole section highlighted), any other section is spoken sentence by sentence by the
 * PC's Indonesian voice (each sentence highlighted as it is spoken). One reader per screen; `stop()` ends it.
 */
export class Reader {
  private run = 0;
  private audio: HTMLAudioElement | null = null;
  private rate: number = RATES[NORMAL_RATE_INDEX];

  constructor(private readonly onState: (state: ReaderState) => void) {}

  setRate(rate: number): void {
    this.rate = rate;
    if (this.audio) this.audio.playbackRate = rate;
  }

  /**
   * Reads `sections`; `narration[i]` is the audio URL of section i, if the course has one. A recording that
   * cannot be played (a damaged file) is replaced by the PC's voice for that section.
   */
  async start(sections: Section[], narration: readonly (string | null)[]): Promise<void> {
    this.stop();
    const run = ++this.run;
    const live = () => run === this.run;
    let voice: SpeechSynthesisVoice | null | undefined;
    const getVoice = async () => (voice === undefined ? (voice = pickVoice(await loadVoices())) : voice);
    if (sections.some((s, i) => !narration[i] && s.sentences.length > 0)) {
      this.onState('loading');
      const found = await getVoice();
      if (!live()) return;
      if (!found && !narration.some(Boolean)) return this.onState('no-voice');
    }
    this.onState('reading');
    for (const [i, section] of sections.entries()) {
      const url = narration[i];
      const played = url ? await this.play(url, section.range, live) : false;
      if (!live()) return;
      if (played) continue;
      const v = await getVoice();
      if (v) for (const s of section.sentences) if (live()) await this.say(s.text, s.range, v, live);
      if (!live()) return;
    }
    this.finish(run);
  }

  /** Stops reading at once (a new screen, the stop button, a logout). */
  stop(): void {
    this.run++;
    this.audio?.pause();
    this.audio = null;
    window.speechSynthesis?.cancel();
    highlight(null);
    this.onState('idle');
  }

  private finish(run: number): void {
    if (run !== this.run) return;
    highlight(null);
    this.onState('idle');
  }

  /** Plays one recording; true when it played to its end (or was stopped), false when it could not play. */
  private play(url: string, range: Range, live: () => boolean): Promise<boolean> {
    return new Promise((resolve) => {
      const audio = new Audio(url);
      this.audio = audio;
      audio.playbackRate = this.rate;
      audio.preservesPitch = true;
      const end = (played: boolean) => {
        if (this.audio === audio) this.audio = null;
        resolve(played);
      };
      audio.addEventListener('ended', () => end(true));
      audio.addEventListener('error', () => end(false));
      audio.addEventListener('pause', () => {
        if (!live()) end(true);
      });
      highlight(range);
      audio.play().catch(() => end(false));
    });
  }

  private say(text: string, range: Range, voice: SpeechSynthesisVoice, live: () => boolean): Promise<void> {
    return new Promise((resolve) => {
      const u = new SpeechSynthesisUtterance(text);
      u.voice = voice;
      u.lang = voice.lang;
      u.rate = this.rate;
      u.onstart = () => {
        if (live()) highlight(range);
      };
      u.onend = () => resolve();
      u.onerror = () => resolve();
      highlight(range);
      window.speechSynthesis.speak(u);
      if (!live()) resolve();
    });
  }
}
