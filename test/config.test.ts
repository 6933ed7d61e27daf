import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('uses the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      databasePath: './data/sandbox.db',
      logLevel: 'info',
      controlPlane: true,
      adminTokenGenerated: true,
    });
    expect(config.adminToken.length).toBeGreaterThanOrEqual(24);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '9000',
      HOST: '0.0.0.0',
      SANDBOX_DB: ':memory:',
      SANDBOX_ADMIN_TOKEN: 'a-trainer-token',
      LOG_LEVEL: 'warn',
      SANDBOX_CONTROL_PLANE: 'false',
    });
    expect(config).toMatchObject({
      port: 9000,
      host: '0.0.0.0',
      databasePath: ':memory:',
      adminToken: 'a-trainer-token',
      adminTokenGenerated: false,
      logLevel: 'warn',
      controlPlane: false,
    });
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['LOG_LEVEL', 'verbose'],
    ['SANDBOX_ADMIN_TOKEN', 'short'],
    ['SANDBOX_CONTROL_PLANE', 'maybe'],
  ])('refuses a bad %s (%s) with a message naming it', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '' }).port).toBe(8080);
  });
});
