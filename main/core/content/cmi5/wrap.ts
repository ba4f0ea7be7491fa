import { AuRefusal, wrapAuPackage, type AuWrapOutcome, type FoundAu, type FoundCourse } from '../au/wrap';
import type { WrapOptions } from '../scorm/wrap';
import { parseStructure, type Cmi5Au } from './structure';

function found(au: Cmi5Au): FoundAu {
  return {
    activityId: au.id,
    title: au.title,
    url: au.url,
    fields: {
      moveOn: au.moveOn,
      launchMethod: au.launchMethod,
      ...(au.masteryScore !== undefined ? { masteryScore: au.masteryScore } : {}),
      ...(au.launchParameters !== undefined ? { launchParameters: au.launchParameters } : {}),
    },
  };
}

/** cmi5.xml as the wrap's modules: each block one module, AUs outside blocks one module of the course's. */
function readCmi5(xml: string): FoundCourse {
  const parsed = parseStructure(xml);
  if (!parsed.ok) throw new AuRefusal('malformed', parsed.reason);
  const s = parsed.structure;
  const loose = s.items.flatMap((i) => (i.kind === 'au' ? [found(i.au)] : []));
  return {
    iri: s.id,
    title: s.title,
    description: s.description,
    modules: [
      ...(loose.length > 0 ? [{ iri: null, title: s.title, aus: loose }] : []),
      ...s.items.flatMap((i) =>
        i.kind === 'block' ? [{ iri: i.block.id, title: i.block.title, aus: i.block.aus.map(found) }] : [],
      ),
    ],
  };
}

/** `balai course wrap` of a cmi5 course zip (cmi5.xml at its root or in its one folder). */
export function wrapCmi5(file: string, options: WrapOptions): Promise<AuWrapOutcome> {
  return wrapAuPackage(file, options, 'cmi5', 'cmi5.xml', readCmi5);
}
