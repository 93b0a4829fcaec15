import { z } from 'zod';
import { SETTINGS_SECTIONS, type SettingsChangedData } from '../tenancy/settings-changed';
import type { Assert, SameShape } from './same-shape';

/** `settings.SettingsChanged`, checked against `SettingsChangedData` at compile time. */
export const settingsChangedEventDataSchema = z.object({
  section: z.enum(SETTINGS_SECTIONS),
  changed: z.array(z.string()).describe('Dotted paths of the values whose effective value changed, sorted'),
});

const _settingsChangedMatches: Assert<SameShape<z.infer<typeof settingsChangedEventDataSchema>, SettingsChangedData>> = true;
