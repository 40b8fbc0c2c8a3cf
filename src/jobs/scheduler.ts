import type { FastifyBaseLogger } from 'fastify';

export interface Job {
  name: string;
  everyMs: number;
  /** `signal` aborts when the app stops: a long run should finish the step in hand and return. */
  run(now: Date, signal: AbortSignal): Promise<unknown>;
}

/**
 * Runs background jobs at fixed intervals, one run of a job at a time. Jobs are written so that
 * several instances running them at once do no harm (leases, idempotent deletes).
 */
export function startScheduler(jobs: readonly Job[], log: FastifyBaseLogger): { stop(): Promise<void>; runNow(name: string): void } {
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<unknown>>();
  const ticks = new Map<string, () => void>();
  const stopping = new AbortController();
  let stopped = false;
  for (const job of jobs) {
    let busy = false;
    // A request to run while a run is busy is kept, so work queued meanwhile is not left for the next tick.
    let again = false;
    const tick = () => {
      if (stopped) return;
      if (busy) {
        again = true;
        return;
      }
      busy = true;
      again = false;
      const run = job
        .run(new Date(), stopping.signal)
        .catch((error: unknown) => log.error({ err: error, job: job.name }, 'background job failed'))
        .finally(() => {
          busy = false;
          running.delete(run);
          if (again) setImmediate(tick);
        });
      running.add(run);
    };
    ticks.set(job.name, tick);
    timers.push(setInterval(tick, job.everyMs).unref());
    setImmediate(tick);
  }
  return {
    runNow(name) {
      ticks.get(name)?.();
    },
    async stop() {
      stopped = true;
      stopping.abort();
      for (const timer of timers) clearInterval(timer);
      await Promise.allSettled([...running]);
    },
  };
}
