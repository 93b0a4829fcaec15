/** Thrown at start-up when neither a notifier module's options nor the app provide what it needs. */
export class NotifierWiringError extends Error {
  constructor(module: string, missing: string) {
    super(`${module} needs ${missing}: pass it in forRoot() or import the module that provides it`);
    this.name = 'NotifierWiringError';
  }
}

export function required<T>(value: T | undefined, module: string, what: string): T {
  if (value === undefined) throw new NotifierWiringError(module, what);
  return value;
}
