/** Turns text into unit-length vectors; queries and passages may be encoded differently (prefixes). */
export interface Embedder {
  readonly modelId: string;
  readonly dimensions: number;
  embedQuery(text: string): Promise<Float32Array>;
  /** Embeds in batches; `onProgress` is called after each batch with the number done so far. */
  embedPassages(texts: string[], onProgress?: (done: number, total: number) => void): Promise<Float32Array[]>;
}
