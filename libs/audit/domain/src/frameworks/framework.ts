import { z } from 'zod';

/**
 * A compliance framework as data (`libs/audit/packs/data/frameworks/<id>.yaml`): the control ids
 * a rule's `frameworks` map may point at. Ids are the framework's own; titles are Strata's short
 * wording (never a licensed text), except where the source is public domain (NIST SP 800-53).
 */
export const frameworkControlSchema = z.strictObject({
  /** A string even when it looks like a number: YAML reads an unquoted `1.10` as 1.1. */
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9.()-]*$/, 'a control id: letters, digits, ".", "-", "(" and ")"'),
  section: z.string().trim().min(1),
  title: z.string().trim().min(1).max(160).regex(/^[^\n]*$/, 'one line'),
});

export const frameworkSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'a framework id: lower-case letters, digits, "." and "-"'),
    name: z.string().trim().min(1),
    /** Quoted in YAML: an unquoted 3.0 would be a number. */
    version: z.string().trim().min(1),
    /** Where the ids come from, and whose words the titles are. */
    source: z.string().trim().min(1),
    controls: z.array(frameworkControlSchema).min(1),
  })
  .superRefine((framework, context) => {
    const seen = new Set<string>();
    framework.controls.forEach((control, index) => {
      if (seen.has(control.id)) {
        context.addIssue({ code: 'custom', path: ['controls', index, 'id'], message: `duplicate control id "${control.id}"` });
      }
      seen.add(control.id);
    });
  });

export type FrameworkControl = z.infer<typeof frameworkControlSchema>;
export type Framework = z.infer<typeof frameworkSchema>;

/** What a rule document says it evidences: framework id → control ids. */
export type FrameworkControlMap = Readonly<Record<string, readonly string[]>>;

export interface MappingProblem {
  ruleId: string;
  framework: string;
  /** Absent when the framework itself is unknown. */
  control?: string;
  problem: 'unknown_framework' | 'unknown_control';
}

/**
 * The mappings of `rules` that point at a framework id, or a control id of a known framework,
 * that does not exist (in rule order, then the rule's own order). Empty when every mapping holds.
 */
export function mappingProblems(
  frameworks: readonly Pick<Framework, 'id' | 'controls'>[],
  rules: readonly { id: string; frameworks: FrameworkControlMap }[],
): MappingProblem[] {
  const controlsOf = new Map(frameworks.map((framework) => [framework.id, new Set(framework.controls.map((control) => control.id))]));
  const problems: MappingProblem[] = [];
  for (const rule of rules) {
    for (const [framework, controls] of Object.entries(rule.frameworks)) {
      const known = controlsOf.get(framework);
      if (!known) {
        problems.push({ ruleId: rule.id, framework, problem: 'unknown_framework' });
        continue;
      }
      for (const control of controls) {
        if (!known.has(control)) problems.push({ ruleId: rule.id, framework, control, problem: 'unknown_control' });
      }
    }
  }
  return problems;
}
