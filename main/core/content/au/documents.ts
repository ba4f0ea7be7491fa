import { createHash } from 'node:crypto';
import { isoWithOffset } from '../../clock';
import type { Services } from '../../context';
import { sql } from '../../db/sql';
import { AU_LIMITS } from './runtime';

/** Which document store, and whose: a state is one learner's in one activity and registration. */
export interface DocumentScope {
  kind: 'state' | 'activity-profile' | 'agent-profile';
  learnerId: string;
  activityId: string;
  registration: string;
}

interface DocumentRow {
  doc_id: string;
  content: Buffer;
  content_type: string;
  etag: string;
  updated: string;
}

export type DocumentAnswer =
  | { status: 200; body: Buffer; contentType: string; etag: string; updated: string }
  | { status: 200; ids: string[] }
  | { status: 204; etag?: string }
  | { status: 400 | 403 | 404 | 409 | 412; message: string };

const etagOf = (content: Buffer) => `"${createHash('sha1').update(content).digest('hex')}"`;

function find(services: Services, scope: DocumentScope, docId: string): DocumentRow | undefined {
  return services.db.get<DocumentRow>(
    sql`SELECT doc_id, content, content_type, etag, updated FROM lrs_documents
        WHERE kind = ${scope.kind} AND learner_id = ${scope.learnerId} AND activity_id = ${scope.activityId}
          AND registration = ${scope.registration} AND doc_id = ${docId}`,
  );
}

/** If-Match / If-None-Match against the document there now (xAPI 1.0.3 Communication 3.1). */
function precondition(row: DocumentRow | undefined, headers: Headers): string | null {
  const ifMatch = headers.get('if-match');
  const ifNoneMatch = headers.get('if-none-match');
  if (ifMatch !== null) {
    const tags = ifMatch.split(',').map((t) => t.trim());
    if (!row || !(tags.includes('*') || tags.includes(row.etag)))
      return 'If-Match does not match the document';
  }
  if (ifNoneMatch !== null) {
    const tags = ifNoneMatch.split(',').map((t) => t.trim());
    if (row && (tags.includes('*') || tags.includes(row.etag))) return 'If-None-Match: the document exists';
  }
  return null;
}

const isJsonObject = (text: string): Record<string, unknown> | null => {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
};

/** GET one document (with its ETag), or the ids of all in the scope (changed since `since`). */
export function readDocument(
  services: Services,
  scope: DocumentScope,
  docId: string | null,
  since: string | null,
): DocumentAnswer {
  if (docId === null) {
    const rows = services.db.all<{ doc_id: string; updated: string }>(
      sql`SELECT doc_id, updated FROM lrs_documents WHERE kind = ${scope.kind} AND learner_id = ${scope.learnerId}
          AND activity_id = ${scope.activityId} AND registration = ${scope.registration} ORDER BY doc_id`,
    );
    const after = since === null ? null : Date.parse(since);
    if (after !== null && Number.isNaN(after)) return { status: 400, message: 'since is not a timestamp' };
    return {
      status: 200,
      ids: rows.filter((r) => after === null || Date.parse(r.updated) > after).map((r) => r.doc_id),
    };
  }
  const row = find(services, scope, docId);
  if (!row) return { status: 404, message: 'no such document' };
  return {
    status: 200,
    body: row.content,
    contentType: row.content_type,
    etag: row.etag,
    updated: row.updated,
  };
}

/**
 * PUT (replace) or POST (merge JSON objects, xAPI 1.0.3 Communication 2.2.3). Profiles written without
 * If-Match or If-None-Match over an existing document answer 409, as the spec's concurrency rules say; a
 * failed precondition answers 412.
 */
export function writeDocument(
  services: Services,
  scope: DocumentScope,
  docId: string,
  method: 'PUT' | 'POST',
  body: Buffer,
  contentType: string,
  headers: Headers,
): DocumentAnswer {
  return services.db.transaction((): DocumentAnswer => {
    const row = find(services, scope, docId);
    const failed = precondition(row, headers);
    if (failed) return { status: 412, message: failed };
    if (
      method === 'PUT' &&
      row &&
      scope.kind !== 'state' &&
      headers.get('if-match') === null &&
      headers.get('if-none-match') === null
    )
      return { status: 409, message: 'the document exists: send If-Match with its ETag (or If-None-Match)' };
    let content = body;
    let type = contentType || 'application/octet-stream';
    if (method === 'POST' && row) {
      const before = isJsonObject(row.content.toString('utf8'));
      const after = isJsonObject(body.toString('utf8'));
      if (!before || !after || !/json/i.test(row.content_type) || !/json/i.test(type))
        return { status: 400, message: 'POST merges JSON objects only: use PUT to replace this document' };
      content = Buffer.from(JSON.stringify({ ...before, ...after }));
      type = 'application/json';
    } else if (method === 'POST' && !isJsonObject(body.toString('utf8')) && /json/i.test(type)) {
      return { status: 400, message: 'POST takes a JSON object' };
    }
    if (!row) {
      const count = services.db.get<{ n: number }>(
        sql`SELECT count(*) AS n FROM lrs_documents WHERE kind = ${scope.kind} AND learner_id = ${scope.learnerId}
            AND activity_id = ${scope.activityId} AND registration = ${scope.registration}`,
      );
      if ((count?.n ?? 0) >= AU_LIMITS.documentsPerScope)
        return { status: 403, message: `at most ${AU_LIMITS.documentsPerScope} documents here` };
    }
    const etag = etagOf(content);
    const updated = isoWithOffset(services.clock.now());
    services.db
      .run(sql`INSERT INTO lrs_documents (kind, learner_id, activity_id, registration, doc_id, content,
                          content_type, etag, updated)
                        VALUES (${scope.kind}, ${scope.learnerId}, ${scope.activityId}, ${scope.registration}, ${docId},
                          ${content}, ${type}, ${etag}, ${updated})
                        ON CONFLICT (kind, learner_id, activity_id, registration, doc_id) DO UPDATE SET
                          content = excluded.content, content_type = excluded.content_type, etag = excluded.etag,
                          updated = excluded.updated`);
    return { status: 204, etag };
  });
}

/** DELETE one document (preconditions apply), or every state of the scope when no id is given. */
export function deleteDocument(
  services: Services,
  scope: DocumentScope,
  docId: string | null,
  headers: Headers,
): DocumentAnswer {
  return services.db.transaction((): DocumentAnswer => {
    if (docId === null) {
      if (scope.kind !== 'state') return { status: 400, message: 'profileId is required' };
      services.db.run(sql`DELETE FROM lrs_documents WHERE kind = 'state' AND learner_id = ${scope.learnerId}
                          AND activity_id = ${scope.activityId} AND registration = ${scope.registration}`);
      return { status: 204 };
    }
    const row = find(services, scope, docId);
    const failed = precondition(row, headers);
    if (failed) return { status: 412, message: failed };
    services.db
      .run(sql`DELETE FROM lrs_documents WHERE kind = ${scope.kind} AND learner_id = ${scope.learnerId}
                        AND activity_id = ${scope.activityId} AND registration = ${scope.registration}
                        AND doc_id = ${docId}`);
    return { status: 204 };
  });
}

/** The LMS's own write (cmi5's LMS.LaunchData): replaces the document, no preconditions. */
export function putDocument(services: Services, scope: DocumentScope, docId: string, value: unknown): void {
  const content = Buffer.from(JSON.stringify(value));
  services.db.run(sql`INSERT INTO lrs_documents (kind, learner_id, activity_id, registration, doc_id, content,
                        content_type, etag, updated)
                      VALUES (${scope.kind}, ${scope.learnerId}, ${scope.activityId}, ${scope.registration}, ${docId},
                        ${content}, 'application/json', ${etagOf(content)}, ${isoWithOffset(services.clock.now())})
                      ON CONFLICT (kind, learner_id, activity_id, registration, doc_id) DO UPDATE SET
                        content = excluded.content, content_type = excluded.content_type, etag = excluded.etag,
                        updated = excluded.updated`);
}
