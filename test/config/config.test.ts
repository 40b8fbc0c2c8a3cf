import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.js';

describe('configuration', () => {
  it('has working defaults: embedded database with demo data on 127.0.0.1:3000', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, host: '127.0.0.1', baseUrl: 'http://127.0.0.1:3000', databaseUrl: undefined, demoData: true, trustProxy: false });
    expect(c.dataDir).toBe(path.resolve('./data'));
  });

  it('turns demo data off by default for a server database, and lets it be forced', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://127.0.0.1/beirat' }).demoData).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://127.0.0.1/beirat', DEMO_DATA: 'yes' }).demoData).toBe(true);
    expect(loadConfig({ DEMO_DATA: 'off' }).demoData).toBe(false);
  });

  it('strips a trailing slash from BASE_URL', () => {
    expect(loadConfig({ BASE_URL: 'https://beirat.hannover.example/' }).baseUrl).toBe('https://beirat.hannover.example');
  });

  it('names every bad variable with a clear message', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'abc', BASE_URL: 'not a url', DATABASE_URL: 'mysql://x', DEMO_DATA: 'maybe' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/PORT: must be a number/);
    expect(problems).toMatch(/BASE_URL: must be an absolute/);
    expect(problems).toMatch(/DATABASE_URL: must be a PostgreSQL URL/);
    expect(problems).toMatch(/DEMO_DATA: must be one of/);
  });

  it('refuses a port out of range', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT: must be between 0 and 65535/);
  });
});
