import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateOpenApi } from '../../scripts/openapi.js';

describe('openapi/openapi.json', () => {
  it('is the document the routes generate (run `npm run openapi` when this fails)', async () => {
    const committed = readFileSync(new URL('../../openapi/openapi.json', import.meta.url), 'utf8');
    const generated = await generateOpenApi();
    expect(JSON.parse(committed)).toEqual(JSON.parse(generated));
  });

  it('documents the control plane under its own tag', async () => {
    const document = JSON.parse(await generateOpenApi());
    const tagged = Object.entries(document.paths as Record<string, Record<string, { tags?: string[] }>>)
      .filter(([path]) => path.startsWith('/_sandbox'))
      .flatMap(([, ops]) => Object.values(ops));
    expect(tagged.length).toBeGreaterThanOrEqual(6);
    expect(tagged.every((op) => op.tags?.includes('Control plane'))).toBe(true);
    expect(document.paths['/api/oauth/token'].post).toBeDefined();
  });
});
