import { Inject, Injectable } from '@nestjs/common';
import type { ReadStore } from '@strata/platform-read-store';
import { READ_STORE } from '@strata/platform-runtime';
import { Diagrams } from './diagrams.service';

/** The diagrams' use cases over the app's read store (the graph inventory writes, the jobs the projection keeps). */
@Injectable()
export class DiagramsApiService {
  readonly diagrams: Diagrams;

  constructor(@Inject(READ_STORE) readStore: ReadStore) {
    this.diagrams = new Diagrams(readStore);
  }
}
