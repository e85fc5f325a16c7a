import fs from 'node:fs';
import path from 'node:path';
import type { ScaleBackendSpec } from './store-scale.js';

/**
 * The backends the store is measured with at scale: the embedded one always, each size in a folder of its own.
 * @example
 * const backends = [embeddedScaleBackend];
 */
export const embeddedScaleBackend: ScaleBackendSpec = {
  name: 'embedded',
  settingsFor: (_paragraphs, workDir) => ({ indexDir: path.join(workDir, 'embedded') }),
  cleanUp: async ({ indexDir }) => fs.rmSync(indexDir, { recursive: true, force: true }),
};
