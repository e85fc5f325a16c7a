import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`), driven by playwright-core; never a downloaded browser. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

export const hasChromium = fs.existsSync(CHROMIUM_PATH);
/** Browser tests may be skipped on a developer's machine without Chromium, never in CI. */
export const inCI = Boolean(process.env.CI);

export async function launchChromium(): Promise<Browser> {
  if (!hasChromium) throw new Error(`No Chromium at ${CHROMIUM_PATH}: install it with "apt-get install -y chromium" (.ci/run does)`);
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}
