/**
 * Runs queries one after another. Inside a transaction all queries share one connection, which
 * runs one query at a time: handing it several at once (Promise.all) only queues them in the driver,
 * and node-postgres is dropping that queue.
 */
export async function sequential<T extends readonly (() => Promise<unknown>)[]>(...queries: T): Promise<{ -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> }> {
  const results: unknown[] = [];
  for (const query of queries) results.push(await query());
  return results as { -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> };
}
