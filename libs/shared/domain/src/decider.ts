/**
 * The shape every aggregate takes: business rules as two pure functions. `decide` turns a command
 * and the current state into the events that record what happened (or throws a DomainError);
 * `evolve` folds one event into the state. Time, ids and randomness arrive inside commands.
 */
export interface Decider<Command, Event, State> {
  decide(command: Command, state: State): readonly Event[];
  evolve(state: State, event: Event): State;
  initialState(): State;
}

/** Folds a stream's events into the state they describe. */
export function replay<Command, Event, State>(decider: Decider<Command, Event, State>, events: Iterable<Event>): State {
  let state = decider.initialState();
  for (const event of events) state = decider.evolve(state, event);
  return state;
}

/** A rule of the domain said no (defined with the contracts, where the HTTP layer sees it too). */
export { DomainError } from '@strata/contracts';

/** For exhaustive switches over string-tagged unions: a new variant fails to compile. */
export function assertNever(value: never): never {
  throw new Error(`unhandled variant: ${JSON.stringify(value)}`);
}
