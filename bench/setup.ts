import path from 'node:path';
import { projectRoot } from '../src/infra/paths.js';

/** Where the benchmark's data and results live, shared by `bench:data` and `bench`. */

export type Scale = 'city' | 'nation';
export type Engine = 'postgres' | 'pglite';

/** The OParl objects hold absolute URLs: data generated for this address needs no rendering when the benchmarked server starts. */
export const benchPort = 3900;
export const benchBaseUrl = `http://127.0.0.1:${benchPort}`;

export function benchDataDir(scale: Scale, engine: Engine): string {
  return path.join(projectRoot, 'bench', 'data', `${scale}-${engine}`);
}

export function benchDatabaseName(scale: Scale): string {
  return `beirat_bench_${scale}`;
}

/** The PostgreSQL server without a database name. */
export function benchServerUrl(): string {
  return (process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432').replace(/\/+$/, '');
}
