import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { BUILT_IN_FRAMEWORKS_DIR, loadFrameworks } from './load-pack-data';

// The built-in frameworks, as data: every file valid, and the ids rules will map to where they belong.
describe('built-in frameworks', () => {
  const frameworks = new Map(loadFrameworks().map((framework) => [framework.id, framework]));
  const ids = (id: string) => frameworks.get(id)!.controls.map((control) => control.id);

  it('are the five frameworks, each file valid', () => {
    expect([...frameworks.keys()]).toEqual(['cis-aws-3.0', 'cis-kubernetes-1.9', 'nist-800-53-r5', 'pci-dss-4.0', 'soc2']);
    expect(readdirSync(BUILT_IN_FRAMEWORKS_DIR).sort()).toEqual([...frameworks.keys()].map((id) => `${id}.yaml`));
  });

  it('have unique control ids per file, every id a quoted string in the YAML itself', () => {
    for (const name of readdirSync(BUILT_IN_FRAMEWORKS_DIR)) {
      const raw = parse(readFileSync(join(BUILT_IN_FRAMEWORKS_DIR, name), 'utf8')) as { controls: { id: unknown }[] };
      const controlIds = raw.controls.map((control) => control.id);
      expect(controlIds.every((id) => typeof id === 'string')).toBe(true);
      expect(new Set(controlIds).size).toBe(controlIds.length);
    }
  });

  it('CIS AWS has the 3.0.0 structure: IAM 1.1–1.22, S3 2.1.1–2.1.4, EBS 2.2.1, RDS 2.3.1–2.3.3, EFS 2.4.1, logging 3.1–3.9, monitoring 4.1–4.16, networking 5.1–5.6', () => {
    const range = (prefix: string, last: number) => Array.from({ length: last }, (_, i) => `${prefix}${i + 1}`);
    expect(ids('cis-aws-3.0')).toEqual([
      ...range('1.', 22),
      ...range('2.1.', 4),
      '2.2.1',
      ...range('2.3.', 3),
      '2.4.1',
      ...range('3.', 9),
      ...range('4.', 16),
      ...range('5.', 6),
    ]);
    for (const id of ['1.4', '1.5', '1.8', '1.9', '1.10', '1.12', '1.14', '1.15', '1.16', '2.1.1', '2.1.4', '2.2.1', '2.3.1', '2.3.2', '2.3.3', '3.1', '3.2', '3.5', '3.6', '3.7', '5.2', '5.3', '5.4', '5.6']) {
      expect(ids('cis-aws-3.0')).toContain(id);
    }
    const sections = new Set(frameworks.get('cis-aws-3.0')!.controls.map((control) => control.section));
    expect(sections.size).toBe(8);
  });

  it('CIS Kubernetes has the 1.9.0 policies section: RBAC 5.1.1–5.1.13, pod security 5.2.1–5.2.13, network 5.3.1–5.3.2, secrets 5.4.1–5.4.2, admission 5.5.1, general 5.7.1–5.7.4 (no 5.6)', () => {
    const range = (prefix: string, last: number) => Array.from({ length: last }, (_, i) => `${prefix}${i + 1}`);
    expect(ids('cis-kubernetes-1.9')).toEqual([...range('5.1.', 13), ...range('5.2.', 13), ...range('5.3.', 2), ...range('5.4.', 2), '5.5.1', ...range('5.7.', 4)]);
    const sections = new Set(frameworks.get('cis-kubernetes-1.9')!.controls.map((control) => control.section));
    expect(sections).toEqual(new Set(['RBAC and Service Accounts', 'Pod Security Standards', 'Network Policies and CNI', 'Secrets Management', 'Extensible Admission Control', 'General Policies']));
    expect(frameworks.get('cis-kubernetes-1.9')!.source).toMatch(/paraphrased/);
  });

  it('NIST 800-53 r5 has the base controls of its eleven families and the common enhancements, with NIST’s titles', () => {
    const nist = ids('nist-800-53-r5');
    expect(new Set(nist.map((id) => id.slice(0, 2)))).toEqual(new Set(['AC', 'AU', 'CA', 'CM', 'CP', 'IA', 'IR', 'RA', 'SA', 'SC', 'SI']));
    for (const id of ['AC-2', 'AC-3', 'AC-6', 'AU-2', 'AU-9', 'AU-12', 'CA-7', 'CM-2', 'CM-6', 'CM-8', 'CP-9', 'IA-2', 'IA-5', 'IR-4', 'RA-5', 'SA-22', 'SC-7', 'SC-8', 'SC-12', 'SC-13', 'SC-28', 'SI-2', 'SI-4']) {
      expect(nist).toContain(id);
    }
    for (const id of ['AC-2(1)', 'IA-2(1)', 'IA-5(1)', 'SC-7(5)', 'SC-8(1)', 'SC-28(1)', 'AU-9(2)']) expect(nist).toContain(id);
    // Withdrawn controls are not there.
    for (const id of ['AC-13', 'AC-15', 'CA-4', 'SC-9', 'SI-9', 'SA-12']) expect(nist).not.toContain(id);
    const title = (id: string) => frameworks.get('nist-800-53-r5')!.controls.find((control) => control.id === id)!.title;
    expect([title('AC-3'), title('SC-7(5)'), title('SC-28')]).toEqual(['Access Enforcement', 'Deny by Default — Allow by Exception', 'Protection of Information at Rest']);
  });

  it('SOC 2 has CC1.1–CC9.2 and A1, C1, PI1', () => {
    const expected = [
      ...[5, 3, 4, 2, 3, 8, 5, 1, 2].flatMap((count, i) => Array.from({ length: count }, (_, j) => `CC${i + 1}.${j + 1}`)),
      'A1.1', 'A1.2', 'A1.3', 'C1.1', 'C1.2', 'PI1.1', 'PI1.2', 'PI1.3', 'PI1.4', 'PI1.5',
    ];
    expect(ids('soc2')).toEqual(expected);
  });

  it('PCI DSS 4.0 has x.y.z requirements for each group infrastructure can evidence', () => {
    const pci = ids('pci-dss-4.0');
    expect(pci.every((id) => /^\d+\.\d+\.\d+$/.test(id))).toBe(true);
    const groups = ['1.2', '1.3', '1.4', '2.2', '3.4', '3.5', '3.6', '3.7', '4.2', '5.2', '5.3', '6.3', '7.2', '8.2', '8.3', '8.4', '8.5', '8.6', '10.2', '10.3', '10.4', '10.5', '10.6', '10.7', '11.3', '11.4', '11.5', '12.10'];
    for (const group of groups) expect(pci.filter((id) => id.startsWith(`${group}.`)).length).toBeGreaterThan(0);
    for (const id of ['1.3.1', '1.4.1', '2.2.7', '3.5.1', '4.2.1', '8.4.2', '10.2.1', '10.5.1', '11.5.1', '12.10.1']) expect(pci).toContain(id);
  });
});
