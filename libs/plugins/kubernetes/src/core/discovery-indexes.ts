/** Compact indexes a discovery joins edges on: names and selectors, never whole objects. */
/** name → uid, per namespace: what edges are joined on, without keeping objects. */
export class NameIndex {
  private readonly byNamespace = new Map<string, Map<string, string>>();
  set(namespace: string, name: string, uid: string): void {
    let names = this.byNamespace.get(namespace);
    if (!names) this.byNamespace.set(namespace, (names = new Map()));
    names.set(name, uid);
  }
  get(namespace: string, name: string): string | undefined {
    return this.byNamespace.get(namespace)?.get(name);
  }
}

/** Selectors per namespace (services, network policies, budgets), matched against what comes later. */
export class SelectorIndex<S> {
  private readonly byNamespace = new Map<string, { id: string; selector: S }[]>();
  add(namespace: string, id: string, selector: S): void {
    const list = this.byNamespace.get(namespace);
    if (list) list.push({ id, selector });
    else this.byNamespace.set(namespace, [{ id, selector }]);
  }
  of(namespace: string): readonly { id: string; selector: S }[] {
    return this.byNamespace.get(namespace) ?? [];
  }
}
