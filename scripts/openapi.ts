import { buildApp } from '../src/app.js';

/** The OpenAPI document as the running app serves it, serialised the same way every time. */
export async function generateOpenApi(): Promise<string> {
  const app = await buildApp({
    databasePath: ':memory:',
    adminToken: 'openapi-generation-token',
    controlPlane: true,
    defaultScenario: 'matelas',
  });
  await app.ready();
  const document = app.swagger();
  await app.close();
  return `${JSON.stringify(document, null, 2)}\n`;
}
