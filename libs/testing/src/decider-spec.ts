/** The structural shape of a Decider (kept local so the harness depends on no domain lib). */
interface DeciderLike<Command, Event, State> {
  decide(command: Command, state: State): readonly Event[];
  evolve(state: State, event: Event): State;
  initialState(): State;
}

/**
 * Given / when / then for deciders, in the style of emmett's DeciderSpecification:
 * `spec.given([...past events]).when(command).then([...new events])` or `.thenThrows(ErrorClass)`.
 */
export function deciderSpec<Command, Event, State>(decider: DeciderLike<Command, Event, State>) {
  return {
    given(history: readonly Event[]) {
      const state = history.reduce(decider.evolve, decider.initialState());
      return {
        when(command: Command) {
          const run = () => decider.decide(command, state);
          return {
            then(expected: readonly Event[]): void {
              expect(run()).toEqual(expected);
            },
            thenNothingHappens(): void {
              expect(run()).toEqual([]);
            },
            thenThrows(error: new (...args: never[]) => Error): void {
              expect(run).toThrow(error);
            },
            /** The state after applying what was decided, for assertions on derived facts. */
            thenState(): State {
              return run().reduce(decider.evolve, state);
            },
          };
        },
      };
    },
  };
}
