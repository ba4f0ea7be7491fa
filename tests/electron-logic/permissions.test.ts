import { describe, expect, it } from 'vitest';
import { allowPermission, type PermissionAsk } from '../../main/electron/permissions';

const ENROL = 'balai://app/index.html#/operator/learners/new';
const EDIT = 'balai://app/index.html#/operator/learners/0b6f3c1e-8d4a-4f7e-9a51-2c3d4e5f6a7b';
const camera = (over: Partial<PermissionAsk> = {}): PermissionAsk => ({
  permission: 'media',
  mediaTypes: ['video'],
  requestingUrl: ENROL,
  isMainFrame: true,
  pageUrl: ENROL,
  ...over,
});

describe('allowPermission: the camera for the enrolment screen only', () => {
  it('lets the camera through to the app’s own enrolment and edit screens', () => {
    expect(allowPermission(camera())).toBe(true);
    expect(allowPermission(camera({ requestingUrl: EDIT, pageUrl: EDIT }))).toBe(true);
  });

  it('never gives the microphone, nor camera and microphone together, nor an unnamed media ask', () => {
    expect(allowPermission(camera({ mediaTypes: ['audio'] }))).toBe(false);
    expect(allowPermission(camera({ mediaTypes: ['video', 'audio'] }))).toBe(false);
    expect(allowPermission(camera({ mediaTypes: [] }))).toBe(false);
    expect(allowPermission(camera({ mediaTypes: undefined }))).toBe(false);
  });

  it('refuses content frames, other pages and the other screens of the app', () => {
    expect(allowPermission(camera({ isMainFrame: false }))).toBe(false);
    expect(
      allowPermission(
        camera({ isMainFrame: false, requestingUrl: 'balai://app/content/kursus/1.0.0/scorm/index.html' }),
      ),
    ).toBe(false);
    expect(allowPermission(camera({ requestingUrl: 'http://1a2b.localhost:4780/launch.html' }))).toBe(false);
    expect(
      allowPermission(
        camera({ requestingUrl: 'balai://app.evil/', pageUrl: 'balai://app.evil/#/operator/learners/new' }),
      ),
    ).toBe(false);
    for (const route of [
      '#/learn',
      '#/operator',
      '#/operator/learners/new/extra',
      '#/operator/learners/new?x',
      '#/',
    ])
      expect(allowPermission(camera({ pageUrl: `balai://app/index.html${route}` })), route).toBe(false);
    // The screen closed: the next ask is denied even from the app's own frame.
    expect(allowPermission(camera({ pageUrl: 'balai://app/index.html#/operator/village' }))).toBe(false);
  });

  it('denies every other permission everywhere', () => {
    for (const permission of [
      'notifications',
      'geolocation',
      'clipboard-read',
      'midi',
      'fullscreen',
      'openExternal',
    ])
      expect(allowPermission(camera({ permission })), permission).toBe(false);
  });
});
