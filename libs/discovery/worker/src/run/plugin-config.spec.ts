import { PluginError } from '@strata/plugins-api';
import { demoPlugin } from '@strata/plugins-demo';
import { parsePluginConfig } from './plugin-config';

describe('parsePluginConfig', () => {
  it('returns the config with the schema defaults applied', () => {
    expect(parsePluginConfig(demoPlugin, { size: 10 })).toMatchObject({ size: 10, seed: 'demo', delay_ms: 0 });
  });

  it('fails the run with plugin_error, naming each invalid field', () => {
    const failure = (() => {
      try {
        parsePluginConfig(demoPlugin, { size: -1, delay_ms: 'slow' });
      } catch (error) {
        return error;
      }
    })();
    expect(failure).toBeInstanceOf(PluginError);
    expect(failure).toMatchObject({ code: 'plugin_error' });
    expect((failure as Error).message).toMatch(/^Invalid configuration for plugin demo: /);
    expect((failure as Error).message).toMatch(/size: /);
    expect((failure as Error).message).toMatch(/delay_ms: /);
    expect((failure as Error).message).not.toContain('slow');
  });
});
