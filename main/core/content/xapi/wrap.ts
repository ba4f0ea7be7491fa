import { AuRefusal, wrapAuPackage, type AuWrapOutcome, type FoundCourse } from '../au/wrap';
import type { WrapOptions } from '../scorm/wrap';
import { attr, child, children, parseXml, text } from '../scorm/xml';

const IRI = /^[a-z][a-z0-9+.-]*:\S+$/i;

/**
 * tincan.xml (the Tin Can package format Rustici and the authoring tools write): every activity with a
 * `<launch>` is a lesson; the first launchable one names the course.
 */
export function readTincan(xml: string): FoundCourse {
  const parsed = parseXml(xml);
  if (!parsed.ok) throw new AuRefusal('malformed', `tincan.xml is malformed: ${parsed.reason}`);
  const activities = children(child(child(parsed.root, 'tincan'), 'activities'), 'activity');
  const launchable = activities.filter((a) => text(child(a, 'launch')) !== '');
  if (launchable.length === 0) throw new AuRefusal('malformed', 'tincan.xml has no activity with a launch');
  const seen = new Set<string>();
  const aus = launchable.map((a) => {
    const id = attr(a, 'id') ?? '';
    if (!IRI.test(id))
      throw new AuRefusal('malformed', `an activity id is not an IRI: "${id.slice(0, 100)}"`);
    if (seen.has(id)) throw new AuRefusal('malformed', `activity ${id} appears twice`);
    seen.add(id);
    return { activityId: id, title: text(child(a, 'name')) || id, url: text(child(a, 'launch')), fields: {} };
  });
  const first = launchable[0]!;
  return {
    iri: aus[0]!.activityId,
    title: text(child(first, 'name')) || aus[0]!.activityId,
    description: text(child(first, 'description')),
    modules: [{ iri: null, title: text(child(first, 'name')) || aus[0]!.activityId, aus }],
  };
}

/** `balai course wrap` of a Tin Can (xAPI) package zip (tincan.xml at its root or in its one folder). */
export function wrapTincan(file: string, options: WrapOptions): Promise<AuWrapOutcome> {
  return wrapAuPackage(file, options, 'xapi', 'tincan.xml', readTincan);
}
