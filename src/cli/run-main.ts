/**
 * Runs a command's main function. A failure the user can act on (bad configuration, a model that cannot be had,
 * a corpus problem) is one readable line; a programming error keeps its stack, because that is what fixes it.
 * DEBUG=1 prints every stack, with its causes.
 *
 * @example
 * runMain(async () => { const config = loadConfig(); ... });
 */
export function runMain(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    console.error(describeForConsole(error));
    process.exit(1);
  });
}

/** One line for the user's mistakes and the world's (network, files); a stack for the code's, or when DEBUG asks. */
export function describeForConsole(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const isBug = error instanceof TypeError || error instanceof ReferenceError || error instanceof RangeError;
  if (process.env.DEBUG) {
    const causes: string[] = [];
    for (let cause = error.cause; cause !== undefined; cause = cause instanceof Error ? cause.cause : undefined) {
      causes.push(`Caused by: ${cause instanceof Error ? cause.stack : String(cause)}`);
    }
    return [error.stack, ...causes].join('\n');
  }
  return isBug ? (error.stack ?? error.message) : error.message;
}
