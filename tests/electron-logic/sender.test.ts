import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, isAppUrl, isTrustedSender } from '../../main/electron/sender';

describe('isTrustedSender', () => {
  it('accepts the main frame on balai://app', () => {
    expect(isTrustedSender(APP_ENTRY_URL, true)).toBe(true);
    expect(isTrustedSender('balai://app/', true)).toBe(true);
    expect(isTrustedSender('balai://app/index.html#/belajar/kursus-1', true)).toBe(true);
    expect(isTrustedSender('balai://app/index.html?x=1', true)).toBe(true);
  });

  it('refuses subframes even on balai://app', () => {
    expect(isTrustedSender(APP_ENTRY_URL, false)).toBe(false);
    expect(isTrustedSender('balai://app/content/kursus/1.0.0/h5p/index.html', false)).toBe(false);
  });

  it.each([
    undefined,
    null,
    '',
    'not a url',
    'about:blank',
    'file:///C:/Program%20Files/Balai%20Belajar/resources/app.asar/out/renderer/index.html',
    'http://127.0.0.1:4780/',
    'https://app/',
    'http://app/index.html',
    'balai://evil/index.html',
    'balai://app.evil.example/index.html',
    'balai://evil.app/index.html',
    'balai://app@evil/index.html',
    'balai://user:pw@app/index.html',
    'balai://app:8080/index.html',
    'balai://APP/index.html',
    'balai:app/index.html',
    'balai:///app/index.html',
    'balaix://app/index.html',
    'xbalai://app/index.html',
    'data:text/html,<script>1</script>',
    'javascript:alert(1)',
    'chrome-devtools://devtools/bundled/inspector.html',
  ])('refuses %s', (url) => {
    expect(isTrustedSender(url, true)).toBe(false);
  });
});

describe('isAppUrl', () => {
  it('is what navigation is allowed to', () => {
    expect(isAppUrl('balai://app/index.html')).toBe(true);
    expect(isAppUrl('balai://app')).toBe(true);
    expect(isAppUrl('https://example.com/')).toBe(false);
    expect(isAppUrl('balai://app.example.com/')).toBe(false);
  });
});
