/**
 * Runs a command's main function. A failure the user can act on (bad configuration, missing model, corpus
 * problem) is one readable line; a programming error keeps its stack, because that is what fixes it.
 */
export function runMain(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    const isBug = error instanceof TypeError || error instanceof ReferenceError || error instanceof RangeError;
    console.error(error instanceof Error ? (isBug ? error.stack : error.message) : String(error));
    process.exit(1);
  });
}
