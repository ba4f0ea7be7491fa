/**
 * The computer's own Indonesian voices through the Web Speech API. Only voices that run on this PC
 * (`localService`) are used: an online voice would send the lesson text over the network, so it is refused
 * even where the browser offers one (Edge's "Online (Natural)" voices, Chrome's "Google" voices).
 */

/** A voice as the settings screen lists it. */
export interface VoiceInfo {
  name: string;
  lang: string;
  local: boolean;
  indonesian: boolean;
}

const isIndonesian = (v: SpeechSynthesisVoice) => /^(id|in)([-_]|$)/i.test(v.lang);

function synth(): SpeechSynthesis | null {
  return typeof window !== 'undefined' && 'speechSynthesis' in window ? window.speechSynthesis : null;
}

/**
 * The voices the browser knows. Chromium fills the list only after a while and says so with
 * `voiceschanged`: wait for it (at most `waitMs`) when the list is still empty.
 */
export function loadVoices(waitMs = 2000): Promise<SpeechSynthesisVoice[]> {
  const s = synth();
  if (!s) return Promise.resolve([]);
  const now = s.getVoices();
  if (now.length > 0) return Promise.resolve(now);
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      s.removeEventListener('voiceschanged', done);
      resolve(s.getVoices());
    };
    const timer = setTimeout(done, waitMs);
    s.addEventListener('voiceschanged', done);
  });
}

/** The Indonesian voice to read with: one on this PC, Windows' "Microsoft Andika" first; null if none. */
export function pickVoice(voices: readonly SpeechSynthesisVoice[]): SpeechSynthesisVoice | null {
  const usable = voices.filter((v) => isIndonesian(v) && v.localService);
  return usable.find((v) => /andika/i.test(v.name)) ?? usable.find((v) => v.default) ?? usable[0] ?? null;
}

export function describeVoices(voices: readonly SpeechSynthesisVoice[]): VoiceInfo[] {
  return voices.map((v) => ({
    name: v.name,
    lang: v.lang,
    local: v.localService,
    indonesian: isIndonesian(v),
  }));
}
