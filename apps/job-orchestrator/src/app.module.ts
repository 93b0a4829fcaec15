import { Module } from '@nestjs/common';
import { JobOrchestratorModule, jobOrchestratorSettingsFromEnv } from '@strata/jobs-feature';
import { MessagingModule, messagingConfigFromEnv } from '@strata/platform-messaging';
import { StorageModule } from '@strata/platform-runtime';

@Module({
  imports: [
    MessagingModule.forRoot({ config: messagingConfigFromEnv(), name: 'job-orchestrator' }),
    StorageModule.forRoot(),
    JobOrchestratorModule.forRoot(jobOrchestratorSettingsFromEnv()),
  ],
})
export class AppModule {}
