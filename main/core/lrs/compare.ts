import canonicalize from 'canonicalize';

/**
 * Is the statement an LRS holds "the same statement" as ours? xAPI 1.0.3 (Data 2.3.1) says to ignore what
 * the LRS may assign or re-serialise, and nothing else:
 * - `id`, `authority`, `stored`, `version` (assigned by the LRS), and `timestamp` when we sent none;
 *   a timestamp we sent is compared as an instant (`+07:00` and `Z` for the same moment are equal);
 * - Activity definitions (not part of the statement) and the Verb's `display`;
 * - the order of a Group's members; attachments;
 * - case where it does not matter: UUIDs and the domain of an e-mail address.
 * Defaults an LRS may fill in (`objectType` Agent / Activity, a single context activity as an array) are
 * filled in on both sides. Everything else, `result.duration` included, must be equal as JSON values.
 */
export function compareStatements(ours: unknown, theirs: unknown): { same: boolean; differences: string[] } {
  if (!isObject(ours) || !isObject(theirs)) return { same: false, differences: ['(not an object)'] };
  const a = comparable(ours, true);
  const b = comparable(theirs, true);
  if (typeof ours.timestamp !== 'string') delete b.timestamp;
  const differences: string[] = [];
  diff(a, b, '', differences);
  return { same: differences.length === 0, differences };
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const lowerUuid = (v: Json | undefined) => (typeof v === 'string' && UUID.test(v) ? v.toLowerCase() : v);

function instant(v: Json | undefined): Json | undefined {
  if (typeof v !== 'string') return v;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? v : new Date(ms).toISOString();
}

/** A statement (or sub-statement) with what does not count removed and defaults filled in. */
function comparable(s: JsonObject, top: boolean): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(s)) {
    if (['authority', 'stored', 'version', 'attachments'].includes(key)) continue;
    if (key === 'id' && top) continue;
    out[key] = value;
  }
  if (out.timestamp !== undefined) out.timestamp = instant(out.timestamp) ?? null;
  if (isObject(out.actor)) out.actor = agentOrGroup(out.actor);
  if (isObject(out.verb)) out.verb = { id: out.verb.id ?? null };
  if (isObject(out.object)) out.object = statementObject(out.object);
  if (isObject(out.context)) out.context = context(out.context);
  return out;
}

function agentOrGroup(a: JsonObject): JsonObject {
  const out: JsonObject = { ...a, objectType: a.objectType ?? 'Agent' };
  if (typeof a.mbox === 'string') {
    const at = a.mbox.lastIndexOf('@');
    out.mbox = at < 0 ? a.mbox : a.mbox.slice(0, at) + a.mbox.slice(at).toLowerCase();
  }
  if (Array.isArray(a.member)) {
    out.member = a.member
      .map((m) => (isObject(m) ? agentOrGroup(m) : m))
      .sort((x, y) => (canonicalize(x) ?? '').localeCompare(canonicalize(y) ?? ''));
  }
  return out;
}

function activity(a: JsonObject): JsonObject {
  return { objectType: 'Activity', id: a.id ?? null };
}

function statementObject(o: JsonObject): JsonObject {
  const type = o.objectType ?? 'Activity';
  if (type === 'Activity') return activity(o);
  if (type === 'Agent' || type === 'Group') return agentOrGroup(o);
  if (type === 'StatementRef') return { objectType: 'StatementRef', id: lowerUuid(o.id) ?? null };
  if (type === 'SubStatement') return { ...comparable(o, false), objectType: 'SubStatement' };
  return o;
}

function context(c: JsonObject): JsonObject {
  const out: JsonObject = { ...c };
  if (c.registration !== undefined) out.registration = lowerUuid(c.registration) ?? null;
  if (isObject(c.instructor)) out.instructor = agentOrGroup(c.instructor);
  if (isObject(c.team)) out.team = agentOrGroup(c.team);
  if (isObject(c.statement))
    out.statement = { objectType: 'StatementRef', id: lowerUuid(c.statement.id) ?? null };
  if (isObject(c.contextActivities)) {
    const ca: JsonObject = {};
    for (const [kind, list] of Object.entries(c.contextActivities)) {
      const items = Array.isArray(list) ? list : [list];
      ca[kind] = items.map((x) => (isObject(x) ? activity(x) : x));
    }
    out.contextActivities = ca;
  }
  return out;
}

/** Paths where `a` and `b` differ (at most 10), e.g. `result.score.raw`. */
function diff(a: Json | undefined, b: Json | undefined, path: string, out: string[]): void {
  if (out.length >= 10) return;
  if (isObject(a) && isObject(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)]))
      diff(a[key], b[key], path ? `${path}.${key}` : key, out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    a.forEach((item, i) => diff(item, b[i], `${path}[${i}]`, out));
    return;
  }
  if (canonicalize(a) !== canonicalize(b)) out.push(path || '(root)');
}
