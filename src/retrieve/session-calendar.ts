import { BodyRegistry, type Body } from '../domain/bodies.js';

/**
 * Reads "the sixty-fourth session", "the 78th session of the General Assembly" and "the third round" as years, on
 * the calendar of the body that numbers them (`src/domain/drug-policy/bodies.json`): a session that names its body
 * is read on that body's calendar; one that names none, on the calendar of the body whose documents are indexed,
 * when they all come from one that numbers sessions. Another body's ordinal is never read on the CND's calendar.
 * @example
 * const sessions = SessionCalendar.forDocuments([{ body: 'Commission on Narcotic Drugs' }]);
 * sessions.sessionYear(64, null); // 2021
 * sessions.sessionYear(78, 'General Assembly'); // 2023
 */
export class SessionCalendar {
  private constructor(
    private readonly bodies: BodyRegistry,
    /** The body whose ordinals a question means when it names none. */
    private readonly defaultBody: Body | null,
  ) {}

  /** The calendar for a corpus: its documents' bodies decide what an unnamed session means. */
  static forDocuments(documents: ReadonlyArray<{ body: string | null }>, bodies: BodyRegistry = BodyRegistry.shipped()): SessionCalendar {
    const numbering = new Set(
      documents.flatMap(({ body }) => {
        const known = body === null ? undefined : bodies.named(body);
        return known?.sessions || known?.rounds ? [known] : [];
      }),
    );
    return new SessionCalendar(bodies, numbering.size === 1 ? [...numbering][0]! : null);
  }

  /** Names and short names of every body, longest first, for matching in a question. */
  bodyNames(): string[] {
    return this.bodies.names();
  }

  /** The year of a numbered session of the named body (or of the corpus's body when `bodyName` is null), or null. */
  sessionYear(session: number, bodyName: string | null): number | null {
    const body = bodyName === null ? this.defaultBody : this.bodies.named(bodyName);
    return body ? BodyRegistry.sessionYear(body, session) : null;
  }

  /** The year of a numbered round of the recurring meeting of the named body (or of the corpus's body), or null. */
  roundYear(round: number, bodyName: string | null): number | null {
    const body = bodyName === null ? this.defaultBody : this.bodies.named(bodyName);
    return body ? BodyRegistry.roundYear(body, round) : null;
  }
}
