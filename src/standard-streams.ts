/**
 * Standard output and error as this process used them. Node makes each stream on first
 * use (for a pipe, loading its net module: about 5 ms of a build's start); a quiet build
 * that writes nothing never needs them. `flush` waits until what was written to either
 * is out, before the process exits at once, and makes neither only to flush it.
 */
export function watchStandardStreams(): { flush(): Promise<void> } {
  const made = new Set<'stdout' | 'stderr'>();
  for (const name of ['stdout', 'stderr'] as const) {
    const own = Object.getOwnPropertyDescriptor(process, name);
    const get = own?.get;
    // Not Node's lazy getter (another runtime, a test's stream): flushed whatever it is.
    if (get === undefined || own?.configurable !== true) {
      made.add(name);
      continue;
    }
    Object.defineProperty(process, name, {
      configurable: true,
      enumerable: own.enumerable ?? true,
      get() {
        made.add(name);
        return get.call(process) as NodeJS.WriteStream;
      },
    });
  }
  return {
    async flush() {
      for (const name of made) await new Promise<void>((resolve) => process[name].write('', () => resolve()));
    },
  };
}
