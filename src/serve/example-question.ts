/**
 * An example question the web page offers on a first visit (GET /api/documents), as a corpus's
 * `examples.json` lists them. Kept apart from the loader so the page can share the type without Node's modules.
 */
export interface Example {
  /** What the example shows ("A topic in one year"). */
  use: string;
  /** Asked in order; the later ones follow up the first. */
  questions: string[];
}
