export { DiagramsApiModule } from './diagrams-api.module';
export { DiagramsApiService } from './diagrams-api.service';
export { Diagrams, jobScopeDiagramPng, type DiagramFile, type RenderedDiagramPng } from './diagrams.service';
export { svgToPng, DIAGRAM_FONT_FILES, MAX_PNG_SIDE, MAX_PNG_PIXELS, type RenderedPng } from './render/svg-to-png';
export * from './diagrams-api.schemas';
