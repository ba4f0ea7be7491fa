import { randomUUID } from 'node:crypto';
import { isoWithOffset, type Clock } from '../clock';
import type { Db } from '../db/database';
import { sql } from '../db/sql';
import { actorFor, EXTENSIONS, PROFILE_ACTIVITY_TYPE, PROFILE_ID, VERBS, type VerbKey } from './profile';

/** A learning event, before it becomes an xAPI statement. */
export interface LearningEvent {
  learnerId: string;
  verb: VerbKey;
  object: { id: string; type: string; name: string; interaction?: ChoiceInteraction };
  result?: Record<string, unknown>;
  registration?: string;
  /** Parent activities (course for a lesson, quiz for a question). */
  parents?: { id: string; type: string }[];
  extensions?: Record<string, unknown>;
}

/** A question as an xAPI choice interaction: its options and the right answer, so any LRS can read a response. */
export interface ChoiceInteraction {
  choices: { id: string; text: string }[];
  correct: string[];
}

/** A statement shaped outside the recorder, for `recordStatements`: actor, registration and stamps are ours. */
export interface ForeignStatement {
  learnerId: string;
  registration: string;
  /** The outbox's `verb` column: the profile's key when it is one of ours, else the verb's IRI. */
  verbKey: string;
  /** verb, object, result, context (without registration), id and timestamp as the content sent them. */
  statement: Record<string, unknown>;
}

export interface KioskIdentity {
  deviceId: string;
  desaCode: string;
}

/** An xAPI 1.0.3 statement as the kiosk records it (and sends it, byte for byte). */
export interface Statement {
  id: string;
  actor: ReturnType<typeof actorFor>;
  verb: { id: string; display: Record<string, string> };
  object: {
    objectType: 'Activity';
    id: string;
    definition: {
      type: string;
      name: Record<string, string>;
      interactionType?: 'choice';
      correctResponsesPattern?: string[];
      choices?: { id: string; description: Record<string, string> }[];
    };
  };
  result?: Record<string, unknown>;
  context: {
    registration?: string;
    platform: string;
    language: string;
    contextActivities: {
      parent?: { objectType: 'Activity'; id: string; definition: { type: string } }[];
      category: { objectType: 'Activity'; id: string; definition: { type: string } }[];
    };
    extensions: Record<string, unknown>;
  };
  timestamp: string;
  version: '1.0.0';
}

/**
 * The one way learning gets written: the domain write and its statement(s) commit in one transaction,
 * each statement with a UUID, a timestamp with time zone and the kiosk's next sequence number, shaped as
 * docs/xapi-profile.md says (profile.ts holds its verbs, activity ids and extensions).
 */
export class Recorder {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly identity: () => KioskIdentity | null,
  ) {}

  record<T>(events: LearningEvent | readonly LearningEvent[], write: () => T): T {
    const list = Array.isArray(events) ? events : [events];
    return this.db.transaction(() => {
      const value = write();
      for (const event of list as LearningEvent[]) this.insert(event);
      return value;
    });
  }

  /**
   * Statements shaped elsewhere (launched content through the local LRS, a standard's LMS rules such as cmi5's),
   * written like any other: our actor, registration and platform, our profile beside their categories, our
   * desa, device and sequence extensions beside theirs, a timestamp with time zone when they gave none. Returns
   * each statement as recorded, in the same transaction as `write`, which receives them with their sequence.
   */
  recordStatements<T>(
    items: readonly ForeignStatement[],
    write: (recorded: { seq: number; statement: Record<string, unknown> }[]) => T,
  ): T {
    return this.db.transaction(() => {
      const recorded = items.map((item) => this.insertForeign(item));
      return write(recorded);
    });
  }

  private insertForeign(item: ForeignStatement): { seq: number; statement: Record<string, unknown> } {
    const kiosk = this.identity();
    if (!kiosk) throw new Error('kiosk is not set up: no device identity to record with');
    const seq = this.nextSequence();
    const given = item.statement;
    const context = (given.context ?? {}) as Record<string, unknown>;
    const activities = (context.contextActivities ?? {}) as Record<string, unknown>;
    const category = Array.isArray(activities.category) ? (activities.category as unknown[]) : [];
    const statement: Record<string, unknown> = {
      id: typeof given.id === 'string' ? given.id : randomUUID(),
      actor: actorFor(kiosk.deviceId, item.learnerId),
      verb: given.verb,
      object: given.object,
      ...(given.result !== undefined ? { result: given.result } : {}),
      context: {
        ...context,
        registration: item.registration,
        platform: typeof context.platform === 'string' ? context.platform : 'Balai Belajar',
        language: typeof context.language === 'string' ? context.language : 'id-ID',
        contextActivities: {
          ...activities,
          category: [
            ...category,
            { objectType: 'Activity', id: PROFILE_ID, definition: { type: PROFILE_ACTIVITY_TYPE } },
          ],
        },
        extensions: {
          ...(context.extensions as Record<string, unknown> | undefined),
          [EXTENSIONS.desaCode]: kiosk.desaCode,
          [EXTENSIONS.deviceId]: kiosk.deviceId,
          [EXTENSIONS.sequence]: seq,
        },
      },
      timestamp: typeof given.timestamp === 'string' ? given.timestamp : isoWithOffset(this.clock.now()),
      version: '1.0.0',
    };
    this.db.run(sql`INSERT INTO outbox (seq, id, recorded_at, verb, learner_id, statement)
                    VALUES (${seq}, ${statement.id as string}, ${isoWithOffset(this.clock.now())}, ${item.verbKey},
                            ${item.learnerId}, ${JSON.stringify(statement)})`);
    return { seq, statement };
  }

  private insert(event: LearningEvent): void {
    const kiosk = this.identity();
    if (!kiosk) throw new Error('kiosk is not set up: no device identity to record with');
    const seq = this.nextSequence();
    const now = this.clock.now();
    const statement: Statement = {
      id: randomUUID(),
      actor: actorFor(kiosk.deviceId, event.learnerId),
      verb: { id: VERBS[event.verb].id, display: { 'en-US': VERBS[event.verb].display } },
      object: {
        objectType: 'Activity',
        id: event.object.id,
        definition: {
          type: event.object.type,
          name: { 'id-ID': event.object.name },
          ...(event.object.interaction
            ? {
                interactionType: 'choice' as const,
                correctResponsesPattern: [event.object.interaction.correct.join('[,]')],
                choices: event.object.interaction.choices.map((c) => ({
                  id: c.id,
                  description: { 'id-ID': c.text },
                })),
              }
            : {}),
        },
      },
      ...(event.result ? { result: event.result } : {}),
      context: {
        ...(event.registration ? { registration: event.registration } : {}),
        platform: 'Balai Belajar',
        language: 'id-ID',
        contextActivities: {
          ...(event.parents?.length
            ? {
                parent: event.parents.map((p) => ({
                  objectType: 'Activity' as const,
                  id: p.id,
                  definition: { type: p.type },
                })),
              }
            : {}),
          category: [{ objectType: 'Activity', id: PROFILE_ID, definition: { type: PROFILE_ACTIVITY_TYPE } }],
        },
        extensions: {
          ...event.extensions,
          [EXTENSIONS.desaCode]: kiosk.desaCode,
          [EXTENSIONS.deviceId]: kiosk.deviceId,
          [EXTENSIONS.sequence]: seq,
        },
      },
      timestamp: isoWithOffset(now),
      version: '1.0.0',
    };
    this.db.run(sql`INSERT INTO outbox (seq, id, recorded_at, verb, learner_id, statement)
                    VALUES (${seq}, ${statement.id}, ${statement.timestamp}, ${event.verb}, ${event.learnerId},
                            ${JSON.stringify(statement)})`);
  }

  private nextSequence(): number {
    const row = this.db.get<{ value: number }>(
      sql`INSERT INTO counters (name, value) VALUES ('statement_seq', 1)
          ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value`,
    );
    if (!row) throw new Error('sequence counter failed');
    return row.value;
  }
}
