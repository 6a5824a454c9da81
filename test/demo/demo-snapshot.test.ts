import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEMO_PATH, generateDemoSnapshot } from '../fake-aws/demo-snapshot.js';

// The committed demo is generated from test/fake-aws/demo-account.ts; UPDATE_DEMO=1 rewrites it.
describe('examples/demo-account.json', () => {
  it('is exactly what collect records from the demo account', async () => {
    const generated = `${JSON.stringify(await generateDemoSnapshot(), null, 2)}\n`;
    if (process.env.UPDATE_DEMO === '1') writeFileSync(DEMO_PATH, generated);
    expect(readFileSync(DEMO_PATH, 'utf8')).toBe(generated);
  });
});
