/**
 * How many attempts run at once: at most `total`, and at most `perWebhook` for one webhook, so a
 * receiver that hangs holds `perWebhook` slots until its timeout, never all of them.
 */
export class ConcurrencyGate {
  private running = 0;
  private readonly byWebhook = new Map<string, number>();

  constructor(
    readonly total: number,
    readonly perWebhook: number,
  ) {}

  get full(): boolean {
    return this.running >= this.total;
  }

  get inFlight(): number {
    return this.running;
  }

  /** Takes a slot for the webhook, or answers false when it or the total is at its limit. */
  tryEnter(webhookKey: string): boolean {
    const mine = this.byWebhook.get(webhookKey) ?? 0;
    if (this.running >= this.total || mine >= this.perWebhook) return false;
    this.running += 1;
    this.byWebhook.set(webhookKey, mine + 1);
    return true;
  }

  leave(webhookKey: string): void {
    this.running -= 1;
    const mine = (this.byWebhook.get(webhookKey) ?? 1) - 1;
    if (mine <= 0) this.byWebhook.delete(webhookKey);
    else this.byWebhook.set(webhookKey, mine);
  }
}
