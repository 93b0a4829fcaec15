import { Module } from '@nestjs/common';
import { JobOrchestratorModule } from '@strata/jobs-feature';
import { MessagingModule, messagingConfigFromEnv } from '@strata/platform-messaging';
import { StorageModule } from '@strata/platform-runtime';

const silenceTimeoutMs = Number(process.env['STRATA_JOB_SILENCE_TIMEOUT_MS'] ?? 10 * 60_000);

@Module({
  imports: [
    MessagingModule.forRoot({ config: messagingConfigFromEnv(), name: 'job-orchestrator' }),
    StorageModule.forRoot(),
    JobOrchestratorModule.forRoot({ silenceTimeoutMs }),
  ],
})
export class AppModule {}
