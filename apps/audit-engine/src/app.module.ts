import { Module } from '@nestjs/common';
import { AuditEngineModule, auditEngineSettingsFromEnv } from '@strata/audit-feature';
import { MessagingModule, messagingConfigFromEnv } from '@strata/platform-messaging';
import { StorageModule } from '@strata/platform-runtime';

/** Audits each reconciled job's scopes against the rule pack. Scale out freely. */
@Module({
  imports: [
    // Creates or updates the streams at start-up.
    MessagingModule.forRoot({ config: messagingConfigFromEnv(), name: 'audit-engine' }),
    // The read models only, and the same store the inventory writes its nodes to. A job's audit
    // counts its scope's nodes, up to millions: in a thread, so the service goes on meanwhile.
    StorageModule.forRoot({ eventStore: false, readStore: { readerThread: true } }),
    AuditEngineModule.forRoot(auditEngineSettingsFromEnv()),
  ],
})
export class AppModule {}
