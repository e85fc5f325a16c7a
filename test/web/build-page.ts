import { buildWeb } from '../../web/build.js';

/** Global setup: the browser tests load the page the server serves, so build it first, as `npm start` does. */
export default async function setup(): Promise<void> {
  await buildWeb();
}
