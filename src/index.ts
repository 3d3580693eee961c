/**
 * Dateline's public library API. The CLI, and later the HTTP API and UI, use only what is exported here.
 */
export { extract, createPipeline, stages, type ExtractOptions, type Pipeline, type PipelineOptions } from './pipeline/pipeline.js';
export { loadResources, type Resources, type ResourceOptions } from './pipeline/resources.js';
export { defaultLimits, type Limits, type Stage, type StageContext } from './pipeline/stage.js';
export { DatelineError } from './core/diagnostics.js';
export { ArticleSchema } from './core/record.js';
export type {
  ActorRef,
  Article,
  Diagnostic,
  Entity,
  EntityRef,
  EntityType,
  EventRecord,
  FramingMarker,
  Mention,
  Quote,
  Role,
  Sentence,
  Span,
  TimeExpression,
  Token,
} from './core/record.js';
export { formatArticleText } from './core/format-text.js';
