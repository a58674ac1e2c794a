import { BasePartialProcessor } from './BasePartialProcessor.js';

/** The processor `@BatchHandler` uses by default: every source, each record dispatched by its `eventSource`. */
export class AnySourceProcessor extends BasePartialProcessor {}
