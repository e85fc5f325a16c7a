import { buildServer } from '../../scripts/build-server.js';

/** Global setup: tests start the server as `npm start` does, from the bundle, so build it first. */
export default async function setup(): Promise<void> {
  await buildServer();
}
