import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DomainError, KeyedLock } from '@strata/shared-domain';
import type { ListQuery, Page } from '../storage/paging';
import type { CredentialRecord } from '../storage/tenancy-collections';
import { TENANCY_OPTIONS, type TenancyOptions } from '../tenancy-options';
import { TenantsService } from '../tenants/tenants.service';
import { SECRET_MASK, type CreateCredentialRequest, type CredentialView } from './credential.schemas';
import { CredentialStore } from './credential-store';

const newCredentialId = (): string => `cred-${randomBytes(8).toString('hex')}`;

const view = (tenantId: string, record: CredentialRecord): CredentialView => ({
  id: record.id,
  tenant_id: tenantId,
  kind: record.kind as CredentialView['kind'],
  name: record.name,
  secret: Object.fromEntries(record.secret_fields.map((field) => [field, SECRET_MASK])) as CredentialView['secret'],
  created_at: record.created_at,
  ...(record.job_id === undefined ? {} : { job_id: record.job_id }),
});

/** The credential made from the secret a job's config gave inline for one plugin. */
export const inlineCredentialId = (jobId: string, plugin: string): string => `cred-${jobId}-${plugin}`;

/** A tenant's credentials as the API shows them: created with secrets, read back masked. */
@Injectable()
export class CredentialsService {
  private readonly lock = new KeyedLock();

  constructor(
    @Inject(TENANCY_OPTIONS) private readonly options: TenancyOptions,
    @Inject(TenantsService) private readonly tenants: TenantsService,
    @Inject(CredentialStore) private readonly store: CredentialStore,
  ) {}

  /**
   * Creates the credential; `forJob` makes it the job's own (see {@link createForJob}), and a
   * credential the same job already owns under that id is answered as it is.
   */
  async create(tenantId: string, request: CreateCredentialRequest, forJob?: string): Promise<CredentialView> {
    await this.tenants.require(tenantId);
    const id = request.id ?? newCredentialId();
    return this.lock.run(`${tenantId}\n${id}`, async () => {
      const records = this.store.records(tenantId);
      const existing = await records.get(id);
      if (existing && forJob !== undefined && existing.job_id === forJob) return view(tenantId, existing);
      if (existing) throw new DomainError('credential_exists', `credential ${id} already exists`);
      const record: CredentialRecord = {
        id,
        kind: request.kind,
        name: request.name,
        secret_fields: Object.keys(request.secret).sort(),
        sealed: this.store.seal(tenantId, id, request.kind, request.secret),
        created_at: this.options.clock().toISOString(),
        ...(forJob === undefined ? {} : { job_id: forJob }),
      };
      await records.upsert(id, record);
      return view(tenantId, record);
    });
  }

  /**
   * The credential of a secret `jobId`'s config gave inline for `plugin`: one per job and plugin,
   * so a retried request (same Idempotency-Key) reuses it rather than leaving a copy behind; the
   * secret of the first request stays.
   */
  createForJob(tenantId: string, jobId: string, plugin: string, request: Omit<CreateCredentialRequest, 'id' | 'name'>): Promise<CredentialView> {
    const name = `${plugin} secret given inline to ${jobId}`;
    return this.create(tenantId, { ...request, id: inlineCredentialId(jobId, plugin), name }, jobId);
  }

  /** Deletes the credentials made for `jobId` (see {@link createForJob}); how many there were. */
  async deleteOfJob(tenantId: string, jobId: string): Promise<number> {
    const records = this.store.records(tenantId);
    let deleted = 0;
    // Deleting as we go: each page is read from the start again, and holds what is still left.
    for (;;) {
      const page = await records.find({ where: { job_id: jobId }, limit: 100 });
      for (const { id } of page.items) if (await records.delete(id)) deleted++;
      if (!page.nextCursor) return deleted;
    }
  }

  async list(tenantId: string, { limit, cursor }: ListQuery): Promise<Page<CredentialView>> {
    await this.tenants.require(tenantId);
    const page = await this.store.records(tenantId).find({ sort: { field: 'created_at' }, limit, ...(cursor ? { cursor } : {}) });
    return { items: page.items.map((entry) => view(tenantId, entry.doc)), ...(page.nextCursor ? { next_cursor: page.nextCursor } : {}) };
  }

  async get(tenantId: string, credentialId: string): Promise<CredentialView> {
    await this.tenants.require(tenantId);
    const record = await this.store.records(tenantId).get(credentialId);
    if (!record) throw new DomainError('credential_not_found', `tenant ${tenantId} has no credential ${credentialId}`);
    return view(tenantId, record);
  }

  /** Jobs that used the credential keep its id; a worker resolving it afterwards gets nothing. */
  async delete(tenantId: string, credentialId: string): Promise<void> {
    await this.tenants.require(tenantId);
    if (!(await this.store.records(tenantId).delete(credentialId))) {
      throw new DomainError('credential_not_found', `tenant ${tenantId} has no credential ${credentialId}`);
    }
  }
}
