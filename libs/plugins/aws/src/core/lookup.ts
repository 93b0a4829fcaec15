import { awsErrorCode, classifyAwsError } from './aws-errors';

/** The outcome of reading one optional setting of one resource. */
export type Lookup<T> = { status: 'found'; value: T } | { status: 'absent' } | { status: 'denied' };

/**
 * Reads a per-resource setting where AWS answers "not configured" with an error (S3's
 * NoSuchPublicAccessBlockConfiguration, IAM's NoSuchEntity, ...): those codes mean `absent`, and
 * a denied read is `denied` rather than the end of the whole collector. Anything else is thrown.
 */
export async function lookup<T>(read: () => Promise<T>, absentCodes: readonly string[]): Promise<Lookup<T>> {
  try {
    return { status: 'found', value: await read() };
  } catch (error) {
    const code = awsErrorCode(error);
    if (code !== undefined && absentCodes.includes(code)) return { status: 'absent' };
    if (classifyAwsError(error) === 'access_denied') return { status: 'denied' };
    throw error;
  }
}

/** Counts denied lookups by what they read, to say so once at the end instead of once per resource. */
export class DeniedLookups {
  private readonly counts = new Map<string, number>();

  note<T>(what: string, result: Lookup<T>): Lookup<T> {
    if (result.status === 'denied') this.counts.set(what, (this.counts.get(what) ?? 0) + 1);
    return result;
  }

  /** "Could not read the public access block of 3 S3 buckets: insufficient permissions" */
  report(log: (level: 'warn', msg: string) => void, ofWhat: string): void {
    for (const [what, count] of this.counts) log('warn', `Could not read the ${what} of ${count} ${ofWhat}: insufficient permissions`);
  }
}

export const found = <T>(result: Lookup<T>): T | undefined => (result.status === 'found' ? result.value : undefined);
