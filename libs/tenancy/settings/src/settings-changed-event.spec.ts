import { settingsChangedEvent, settingsChangedSubject } from './settings-changed-event';

describe('SettingsChanged', () => {
  it('is shaped as the relay publishes stored events, on events.<tenant>.settings.SettingsChanged', () => {
    const at = new Date('2026-12-05T10:00:00.000Z');
    expect(settingsChangedEvent({ tenantId: 'acme-corp', section: 'scan-policy', changed: ['global.cpu_percent'], revision: 2, at, id: 'e-1' })).toEqual({
      id: 'e-1',
      type: 'SettingsChanged',
      data: { section: 'scan-policy', changed: ['global.cpu_percent'] },
      metadata: { tenantId: 'acme-corp' },
      streamName: 'settings-acme-corp-scan-policy',
      revision: 2,
      globalPosition: '',
      createdAt: '2026-12-05T10:00:00.000Z',
    });
    expect(settingsChangedEvent({ tenantId: 'acme-corp', section: 'general', changed: [], revision: 0, at }).id).toMatch(/^[0-9a-f-]{36}$/);
    expect(settingsChangedSubject('acme-corp')).toBe('events.acme-corp.settings.SettingsChanged');
    expect(() => settingsChangedSubject('acme.corp')).toThrow(/subject token/);
  });
});
