/**
 * Why a course package was refused, in words an operator can act on. The core gives the reason in English
 * (it is also logged and audited); the UI picks a plain sentence by its shape and shows the English as detail.
 */
export type RefusalKind = 'rawPackage' | 'unknownPublisher' | 'damaged' | 'notNewer' | 'other';

const RULES: [RefusalKind, RegExp][] = [
  // A SCORM zip straight from an authoring tool: say what it is and who wraps it, before "not signed" reads as tampering.
  ['rawPackage', /yang belum ditandatangani/],
  ['unknownPublisher', /unknown publisher/i],
  ['notNewer', /not newer than installed/i],
  [
    'damaged',
    /signature|signed|hash|tamper|zip|extract|unsafe name|symbolic link|duplicate name|compressed|both a file and a folder|UTF-8/i,
  ],
];

export function refusalKind(reason: string): RefusalKind {
  for (const [kind, pattern] of RULES) if (pattern.test(reason)) return kind;
  return 'other';
}
