import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';

export const ADMIN_TOKEN = 'bench-admin-token-0123456789';
export const adminHeaders = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };

/** The whole app on a real loopback port, as `npm start` runs it (database in memory unless given). */
export async function startServer(databasePath = ':memory:'): Promise<{ app: FastifyInstance; url: string }> {
  const app = await buildApp({ databasePath, adminToken: ADMIN_TOKEN, controlPlane: true, defaultScenario: 'matelas' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}` };
}

export interface LoadResult {
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  errors: number;
  non2xx: number;
}

/** Runs autocannon and keeps the figures we report. */
export async function load(options: autocannon.Options): Promise<LoadResult> {
  const result = await autocannon({ duration: 3, connections: 32, ...options });
  return {
    requestsPerSecond: result.requests.average,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

/** The trivial baseline every figure is divided by: the unauthenticated health route. */
export function baseline(url: string, connections = 32): Promise<LoadResult> {
  return load({ url: `${url}/_sandbox/health`, connections });
}

/** Times `fn` `n` times (sequentially) and returns the median and p95 in milliseconds. */
export async function timeIt(n: number, fn: (i: number) => Promise<unknown> | unknown): Promise<{ medianMs: number; p95Ms: number; n: number }> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await fn(i);
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))];
  return { medianMs: round(at(0.5)), p95Ms: round(at(0.95)), n };
}

export const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;
