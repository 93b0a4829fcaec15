import { z } from 'zod';
import { explainKeyProblems, onlyIfValidSoFar } from './zod-options';

/** The thresholds a scan judges utilisation by (idle, waste). */
export interface ScanThresholds {
  /** Average CPU utilisation, in percent (0-100), at or under which a resource counts as idle. */
  cpu_percent: number;
  /** Network traffic, in MB over the lookback window, at or under which a resource counts as idle. */
  network_mb: number;
  /** Days of metrics looked back over (1-63; CloudWatch keeps 5-minute data for 63 days). */
  lookback_days: number;
}

/** A provider's own values for some of the thresholds; the others come from `global`. */
export type ThresholdOverride = Partial<ScanThresholds>;

/** A tenant's scan policy: global thresholds and overrides per provider (plugin id). */
export interface ScanPolicy {
  global: ScanThresholds;
  providers: Record<string, ThresholdOverride>;
}

export const DEFAULT_SCAN_THRESHOLDS: Readonly<ScanThresholds> = Object.freeze({ cpu_percent: 5, network_mb: 5, lookback_days: 14 });

export const DEFAULT_SCAN_POLICY: Readonly<ScanPolicy> = Object.freeze({ global: DEFAULT_SCAN_THRESHOLDS, providers: Object.freeze({}) });

/** What a tenant chose, as stored: unset global fields take the defaults; overrides as set. */
export interface StoredScanPolicy {
  global?: ThresholdOverride;
  providers?: Record<string, ThresholdOverride>;
}

export const THRESHOLD_FIELDS = ['cpu_percent', 'network_mb', 'lookback_days'] as const;

export const cpuPercentSchema = z
  .number({ error: 'cpu_percent must be a number from 0 to 100' })
  .min(0, { error: 'cpu_percent must be a number from 0 to 100' })
  .max(100, { error: 'cpu_percent must be a number from 0 to 100' })
  .describe('Average CPU utilisation (percent) at or under which a resource counts as idle');
export const networkMbSchema = z
  .number({ error: 'network_mb must be a number of MB, 0 or more' })
  .min(0, { error: 'network_mb must be a number of MB, 0 or more' })
  .describe('Network traffic (MB over the lookback window) at or under which a resource counts as idle');
export const lookbackDaysSchema = z
  .int({ error: 'lookback_days must be a whole number of days from 1 to 63' })
  .min(1, { error: 'lookback_days must be a whole number of days from 1 to 63' })
  .max(63, { error: 'lookback_days must be a whole number of days from 1 to 63' })
  .describe('Days of metrics looked back over');

const FIELD_SCHEMAS = { cpu_percent: cpuPercentSchema, network_mb: networkMbSchema, lookback_days: lookbackDaysSchema };

/** Provider keys: plugin ids (`aws`, `kubernetes`, `m365`); which ones exist is the plugin catalog's say. */
export const providerNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'a plugin id: lower-case letters, digits, "-" and "_", at most 63 characters');

export const scanThresholdsSchema = z
  .object({ cpu_percent: cpuPercentSchema, network_mb: networkMbSchema, lookback_days: lookbackDaysSchema })
  .meta({ id: 'ScanThresholds' });

export const thresholdOverrideSchema = z
  .object({ cpu_percent: cpuPercentSchema.optional(), network_mb: networkMbSchema.optional(), lookback_days: lookbackDaysSchema.optional() })
  .meta({ id: 'ScanThresholdOverride', description: "A provider's own thresholds; the ones it leaves out come from global" });

const atLeastOneThreshold = `Give at least one of ${THRESHOLD_FIELDS.join(', ')}`;

const globalPatchSchema = z
  .object({ cpu_percent: cpuPercentSchema.optional(), network_mb: networkMbSchema.optional(), lookback_days: lookbackDaysSchema.optional() })
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, { when: onlyIfValidSoFar, message: atLeastOneThreshold });

const overridePatchSchema = z
  .object({
    cpu_percent: cpuPercentSchema.nullable().optional(),
    network_mb: networkMbSchema.nullable().optional(),
    lookback_days: lookbackDaysSchema.nullable().optional(),
  })
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, { when: onlyIfValidSoFar, message: `${atLeastOneThreshold} (null removes one), or null for the whole override` })
  .nullable()
  .describe("Fields to set in the provider's override (null removes one); null removes the whole override");

/**
 * `PATCH .../settings/scan-policy`: a partial deep merge. Fields of `global` given replace
 * theirs; each provider given is merged into its override, `null` for a field removes it from
 * the override and `null` for the provider removes the override. At least one value; nothing else.
 */
export const updateScanPolicyRequestSchema = z
  .object({
    global: globalPatchSchema.optional(),
    providers: z.record(providerNameSchema, overridePatchSchema, { error: explainKeyProblems }).optional(),
  })
  .strict()
  .refine((patch) => patch.global !== undefined || Object.keys(patch.providers ?? {}).length > 0, {
    when: onlyIfValidSoFar,
    message: 'Give global thresholds or provider overrides to change',
  })
  .meta({
    id: 'UpdateScanPolicyRequest',
    examples: [{ global: { cpu_percent: 3.0, network_mb: 8.0, lookback_days: 14 } }, { providers: { aws: { lookback_days: 30 } } }, { providers: { aws: null } }],
  });

export type UpdateScanPolicyRequest = z.infer<typeof updateScanPolicyRequestSchema>;

/** Keeps the fields of `override` that are set (drops `null` and missing ones). */
function setFields(override: Record<string, number | null | undefined>): ThresholdOverride {
  const kept: ThresholdOverride = {};
  for (const field of THRESHOLD_FIELDS) {
    const value = override[field];
    if (typeof value === 'number') kept[field] = value;
  }
  return kept;
}

/** The stored choices with `patch` merged in (see {@link updateScanPolicyRequestSchema}); an override left empty is removed. */
export function applyScanPolicyPatch(stored: StoredScanPolicy, patch: UpdateScanPolicyRequest): StoredScanPolicy {
  const global = setFields({ ...stored.global, ...patch.global });
  const providers: Record<string, ThresholdOverride> = { ...stored.providers };
  for (const [provider, override] of Object.entries(patch.providers ?? {})) {
    const merged = override === null ? {} : setFields({ ...providers[provider], ...override });
    if (Object.keys(merged).length === 0) delete providers[provider];
    else providers[provider] = merged;
  }
  return { global, providers };
}

/** The fields of `override` that hold valid values (a stored value a later version refuses is dropped). */
function validFields(override: ThresholdOverride | undefined): ThresholdOverride {
  const kept: ThresholdOverride = {};
  for (const field of THRESHOLD_FIELDS) {
    const value = override?.[field];
    if (value !== undefined && FIELD_SCHEMAS[field].safeParse(value).success) kept[field] = value;
  }
  return kept;
}

/** The policy in effect: stored global values over the defaults, and the stored overrides (sorted by provider). */
export function resolveScanPolicy(stored: StoredScanPolicy | undefined): ScanPolicy {
  const providers: Record<string, ThresholdOverride> = {};
  for (const provider of Object.keys(stored?.providers ?? {}).sort()) {
    const override = validFields(stored?.providers?.[provider]);
    if (Object.keys(override).length > 0) providers[provider] = override;
  }
  return { global: { ...DEFAULT_SCAN_THRESHOLDS, ...validFields(stored?.global) }, providers };
}

/** The thresholds that apply to `provider`'s resources: `global`, with the provider's override on top. Pure. */
export function effectivePolicyFor(policy: ScanPolicy, provider: string): ScanThresholds {
  const override = Object.hasOwn(policy.providers, provider) ? policy.providers[provider] : undefined;
  return { ...policy.global, ...override };
}

/**
 * The providers `patch` names that are not among `knownProviders` (the plugin catalog's ids), as
 * `{path, message}` problems. Removing (`null`) an override that is stored stays allowed whatever
 * its name, so an override of a plugin a later build dropped can still be cleared.
 */
export function unknownProviderProblems(
  patch: UpdateScanPolicyRequest,
  stored: StoredScanPolicy,
  knownProviders: readonly string[],
): { path: string; message: string }[] {
  return Object.entries(patch.providers ?? {})
    .filter(([provider, override]) => !knownProviders.includes(provider) && !(override === null && Object.hasOwn(stored.providers ?? {}, provider)))
    .map(([provider]) => ({
      path: `providers.${provider}`,
      message:
        knownProviders.length > 0
          ? `unknown provider "${provider}": one of ${knownProviders.join(', ')}`
          : `unknown provider "${provider}": this server has no plugin catalog to check provider names against`,
    }));
}
