/** Runs `work` on every item, at most `limit` at a time; results keep the items' order. */
export async function mapConcurrently<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/**
 * Starts `work` on every item, at most `limit` at a time, and returns at once one
 * promise per item, in the items' order: a caller can go on with each item as soon as
 * its own work is done.
 */
export function eachSettling<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Array<Promise<R>> {
  const settlers = items.map(() => {
    let settle: { resolve: (value: R) => void; reject: (reason: unknown) => void } | undefined;
    const promise = new Promise<R>((resolve, reject) => (settle = { resolve, reject }));
    return { promise, ...settle! };
  });
  void mapConcurrently(items.map((item, index) => ({ item, index })), limit, async ({ item, index }) => {
    const settler = settlers[index]!;
    await work(item).then(settler.resolve, settler.reject);
  });
  return settlers.map((settler) => settler.promise);
}
