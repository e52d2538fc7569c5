// What reading a file leaves on it for the stages after, typed once (see markdown/data.ts for theirs).
declare module 'vfile' {
  interface DataMap {
    /** Set when the file cannot be parsed (not UTF-8, nested too deep): it has an error and is not parsed. */
    unparsable: boolean;
  }
}

export {};
