import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lessonCaptions } from '../../../main/core/files/content';
import { captionsPathFor, MAX_CAPTIONS_BYTES, vttProblem } from '../../../main/core/packages/captions';
import { useTempDirs } from '../../helpers/core';

const vtt = (text: string) => Buffer.from(text);

describe('WebVTT captions of a lesson video', () => {
  const tempDir = useTempDirs();

  it('accepts well-formed WebVTT: a BOM, a header line, hours or not, cue settings, notes', () => {
    expect(vttProblem(vtt('WEBVTT\n\n00:00.000 --> 00:02.500\nHalo\n'))).toBeNull();
    expect(
      vttProblem(
        vtt(
          '\uFEFFWEBVTT - Bahasa Indonesia\r\n\r\nNOTE dari studio\r\n\r\n1\r\n01:02:03.004 --> 01:02:05.000 line:90%\r\nDua\r\n',
        ),
      ),
    ).toBeNull();
  });

  it('refuses what the player could not show, saying why', () => {
    expect(vttProblem(vtt('1\n00:00:00,000 --> 00:00:02,000\nSubRip\n'))).toBe('does not start with WEBVTT');
    expect(vttProblem(vtt('WEBVTT\n\n00:00:00,000 --> 00:00:02,000\nKoma\n'))).toBe(
      'line 3: the cue timing is not hh:mm:ss.ttt --> hh:mm:ss.ttt',
    );
    expect(vttProblem(vtt('WEBVTT\n\n00:00:03.000 --> 00:00:03.000\nNol\n'))).toBe(
      'line 3: the cue ends before it starts',
    );
    expect(vttProblem(vtt('WEBVTT\n'))).toBe('has no cues');
    expect(vttProblem(Buffer.from([0x57, 0x45, 0x42, 0x56, 0x54, 0x54, 0x0a, 0xff, 0xfe]))).toBe(
      'not valid UTF-8',
    );
    expect(vttProblem(Buffer.alloc(MAX_CAPTIONS_BYTES + 1, 0x41))).toBe(
      `larger than ${MAX_CAPTIONS_BYTES} bytes`,
    );
  });

  it('belong to the video with the same name, and only when the course carries them', () => {
    expect(captionsPathFor('media/film.webm')).toBe('media/film.vtt');
    expect(captionsPathFor('media/Film.MP4')).toBe('media/Film.vtt');
    expect(captionsPathFor('media/foto.png')).toBeNull();
    const dir = tempDir();
    mkdirSync(join(dir, 'media'));
    writeFileSync(join(dir, 'media', 'film.vtt'), 'WEBVTT\n\n00:00.000 --> 00:01.000\nHalo\n');
    const markdown =
      '![Film](media/film.webm)\n\n![Tanpa teks](media/lain.webm)\n\n![Foto](media/foto.png)\n';
    expect(lessonCaptions(dir, markdown)).toEqual({ 'media/film.webm': 'media/film.vtt' });
  });
});
