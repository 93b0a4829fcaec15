import { settingsChangedEvent, settingsChangedSubject } from './settings-changed-event';

describe('SettingsChanged', () => {
  it('is an event envelope, on events.<tenant>.settings.SettingsChanged', () => {
    const at = new Date('2026-12-05T10:00:00.000Z');
    expect(settingsChangedEvent({ tenantId: 'acme-corp', section: 'scan-policy', changed: ['global.cpu_percent'], at, id: 'e-1' })).toEqual({
      id: 'e-1',
      type: 'settings.SettingsChanged',
      tenant_id: 'acme-corp',
      time: '2026-12-05T10:00:00.000Z',
      version: 1,
      data: { section: 'scan-policy', changed: ['global.cpu_percent'] },
    });
    expect(settingsChangedEvent({ tenantId: 'acme-corp', section: 'general', changed: [], at }).id).toMatch(/^[0-9a-f-]{36}$/);
    expect(settingsChangedSubject('acme-corp')).toBe('events.acme-corp.settings.SettingsChanged');
    expect(() => settingsChangedSubject('acme.corp')).toThrow(/subject token/);
  });
});
