import { z } from 'zod';
import shippedBodies from './drug-policy/bodies.json' with { type: 'json' };

const BodiesFileSchema = z.object({
  description: z.string().optional(),
  bodies: z.array(
    z.object({
      /** As printed on a document's first page ("Commission on Narcotic Drugs"). */
      name: z.string().min(1),
      /** What people and documents also call it ("CND"). */
      shortNames: z.array(z.string().min(1)).default([]),
      /** How it numbers its sessions: session `anchor.session` met in `anchor.year`, then `perYear` sessions a year. */
      sessions: z
        .object({
          anchor: z.object({ session: z.number().int().positive(), year: z.number().int().min(1945).max(2100) }),
          perYear: z.number().int().positive(),
        })
        .optional(),
      /** Numbered rounds of a recurring meeting and the year of each ("the third round of thematic discussions" → 2021). */
      rounds: z.record(z.string().regex(/^\d+$/), z.number().int()).optional(),
    }),
  ),
});

export type Body = z.infer<typeof BodiesFileSchema>['bodies'][number];

/**
 * The UN bodies of a domain, from its `bodies.json`: how to recognise each by name, and each one's own session
 * calendar, since "the sixty-fourth session" means 2021 for the CND and nothing for a body that numbers otherwise.
 * @example
 * const cnd = BodyRegistry.shipped().named('CND');
 * cnd && BodyRegistry.sessionYear(cnd, 64); // 2021
 */
export class BodyRegistry {
  private constructor(readonly bodies: readonly Body[]) {}

  /** The drug-policy domain's bodies, shipped with the code. */
  static shipped(): BodyRegistry {
    return BodyRegistry.fromJson(shippedBodies, 'src/domain/drug-policy/bodies.json');
  }

  /** Validates a bodies file; throws naming the file and the entry at fault. */
  static fromJson(json: unknown, file: string): BodyRegistry {
    const parsed = BodiesFileSchema.safeParse(json);
    if (!parsed.success) {
      throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'root'}: ${i.message}`).join('; ')}`);
    }
    return new BodyRegistry(parsed.data.bodies);
  }

  /** The body a name or short name denotes, in any case; undefined when none does. */
  named(name: string): Body | undefined {
    const wanted = name.trim().toLowerCase();
    return this.bodies.find((b) => b.name.toLowerCase() === wanted || b.shortNames.some((s) => s.toLowerCase() === wanted));
  }

  /** Every name and short name, longest first, for finding a body mentioned in running text. */
  names(): string[] {
    return this.bodies.flatMap((b) => [b.name, ...b.shortNames]).sort((a, b) => b.length - a.length);
  }

  /** The year a body's numbered session met; null when the body does not number sessions by year. */
  static sessionYear(body: Body, session: number): number | null {
    if (!body.sessions) return null;
    const { anchor, perYear } = body.sessions;
    return anchor.year + Math.floor((session - anchor.session) / perYear);
  }

  /** The year of a numbered round of the body's recurring meeting, or null. */
  static roundYear(body: Body, round: number): number | null {
    return body.rounds?.[String(round)] ?? null;
  }
}
