import type { FastifyReply } from 'fastify';
import type { DrawnDiagram } from '@strata/diagrams-domain';
import { Diagrams } from './diagrams.service';
import type { DiagramFormat } from './diagrams-api.schemas';

/** Sends `drawn` in `format` with its content type (and no caching: the graph changes with every job). */
export function sendDiagram(reply: FastifyReply, drawn: DrawnDiagram, format: DiagramFormat): Buffer {
  const file = Diagrams.file(drawn, format);
  void reply.header('Content-Type', file.contentType).header('Cache-Control', 'no-store').header('X-Content-Type-Options', 'nosniff');
  return file.body;
}

/** How the routes document their image answer. */
export const DIAGRAM_RESPONSE = {
  description:
    'The diagram: image/svg+xml (format=svg, the default) or image/png (format=png). An empty selection answers 200 with an empty diagram that says "Nothing to draw".',
};
