import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// The root README shows the subscriber example; this keeps it the code the example's test runs.
describe('the README subscriber example', () => {
  it('is the region of subscribe.example.ts, verbatim', () => {
    const example = readFileSync(join(__dirname, 'subscribe.example.ts'), 'utf8');
    const region = /\/\/ #region readme[^\n]*\n([\s\S]*?)\/\/ #endregion readme/.exec(example)?.[1];
    expect(region).toBeDefined();
    const readme = readFileSync(join(__dirname, '../../../../README.md'), 'utf8');
    const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]);
    expect(blocks).toContain(region);
  });
});
