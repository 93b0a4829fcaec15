import { Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { idSchema } from '@strata/contracts';
import { ApiRoute, Permissions, RequirePermissions, ZodBody, ZodParam } from '@strata/platform-http';
import { testChannelRequestSchema, testChannelResultSchema, type TestChannelRequest, type TestChannelResult } from './test-channel.schemas';
import { TestChannelService } from './test-channel.service';

@Controller('api/v1/tenants/:tenantID/notifications/channels')
export class TestChannelController {
  constructor(@Inject(TestChannelService) private readonly tester: TestChannelService) {}

  @Post('test')
  @HttpCode(200)
  @RequirePermissions(Permissions.notificationsWrite)
  @ApiRoute({
    summary: 'Send a test notification',
    description:
      'Sends a test message now to a saved channel (`{"channel_id": …}`, enabled or not) or to an inline channel (as created; nothing is stored), and answers how it went: ' +
      'an SMTP refusal, a missing SMTP configuration, an SSRF refusal, a timeout or a non-2xx is `delivered: false` with the reason, not an error. Secrets are never in the answer.',
    tags: ['notifications'],
    operationId: 'testNotificationChannel',
    responses: { 200: testChannelResultSchema },
    errors: [400, 401, 403, 404],
  })
  test(@ZodParam('tenantID', idSchema) tenantId: string, @ZodBody(testChannelRequestSchema) request: TestChannelRequest): Promise<TestChannelResult> {
    return this.tester.test(tenantId, request);
  }
}
