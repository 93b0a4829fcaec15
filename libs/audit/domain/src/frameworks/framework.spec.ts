import { frameworkSchema, mappingProblems } from './framework';

const framework = (controls: unknown[]) => ({ id: 'cis-aws-3.0', name: 'CIS', version: '3.0.0', source: 'ids from the benchmark', controls });

describe('frameworkSchema', () => {
  it('accepts a framework and rejects duplicate control ids, naming the field', () => {
    const control = { id: '1.8', section: 'IAM', title: 'Password length' };
    expect(frameworkSchema.safeParse(framework([control])).success).toBe(true);
    const result = frameworkSchema.safeParse(framework([control, { ...control }]));
    expect(result.success).toBe(false);
    expect(result.error!.issues).toEqual([expect.objectContaining({ path: ['controls', 1, 'id'], message: 'duplicate control id "1.8"' })]);
  });

  it('rejects a numeric id (an unquoted 1.10 in YAML), a multi-line title and unknown fields', () => {
    expect(frameworkSchema.safeParse(framework([{ id: 1.1, section: 'IAM', title: 't' }])).error!.issues[0]!.path).toEqual(['controls', 0, 'id']);
    expect(frameworkSchema.safeParse(framework([{ id: '1.1', section: 'IAM', title: 'two\nlines' }])).error!.issues[0]!.path).toEqual(['controls', 0, 'title']);
    expect(frameworkSchema.safeParse({ ...framework([{ id: '1.1', section: 'IAM', title: 't' }]), extra: 1 }).success).toBe(false);
    expect(frameworkSchema.safeParse({ ...framework([{ id: '1.1', section: 'IAM', title: 't' }]), version: 3 }).success).toBe(false);
  });
});

describe('mappingProblems', () => {
  const frameworks = [
    { id: 'soc2', controls: [{ id: 'CC6.1', section: 'CC6', title: 'Logical access' }] },
    { id: 'nist-800-53-r5', controls: [{ id: 'AC-3', section: 'AC', title: 'Access Enforcement' }] },
  ];

  it('is empty when every mapping points at a known control', () => {
    expect(mappingProblems(frameworks, [{ id: 'r1', frameworks: { soc2: ['CC6.1'], 'nist-800-53-r5': ['AC-3'] } }, { id: 'r2', frameworks: {} }])).toEqual([]);
  });

  it('names unknown frameworks and unknown controls', () => {
    expect(mappingProblems(frameworks, [{ id: 'r1', frameworks: { soc2: ['CC6.1', 'CC6.9'], 'cis-aws-2.0': ['1.1'] } }])).toEqual([
      { ruleId: 'r1', framework: 'soc2', control: 'CC6.9', problem: 'unknown_control' },
      { ruleId: 'r1', framework: 'cis-aws-2.0', problem: 'unknown_framework' },
    ]);
  });
});
