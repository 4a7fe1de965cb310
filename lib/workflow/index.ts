/**
 * The scanning workflow over several tasks (issue 16): classify each scan (photo / other), enhance
 * and caption the photos, copy the others, and keep a resumable catalogue (`catalogue.jsonl`, CSV,
 * an offline HTML contact sheet) — on one machine ({@link runPipeline}) or spread over BullMQ
 * workers on a Redis queue ({@link runQueuedPipeline}, {@link startPipelineWorker}).
 */
export { CATALOGUE_VERSION } from './CatalogueEntry';
export type { CatalogueEntry, StageTimings } from './CatalogueEntry';
export { hashFile } from './hashFile';
export { readCatalogue, CATALOGUE_FILE } from './readCatalogue';
export type { Catalogue } from './readCatalogue';
export { appendCatalogueEntry } from './appendCatalogueEntry';
export { loadPipelineStages } from './PipelineStages';
export type { PipelineStages, PipelineClassifier, PipelineEnhancer, PipelineCaptioner, LoadPipelineStagesOptions } from './PipelineStages';
export { processScan, scanOutputPaths, THUMBNAIL_SIZE } from './processScan';
export type { ProcessScanOptions } from './processScan';
export { runPipeline } from './runPipeline';
export type { RunPipelineOptions } from './runPipeline';
export type { PipelineSummary, PipelineFileResult } from './PipelineSummary';
export { formatCatalogueCsv, writeCatalogueCsv, describeEnhancement, CATALOGUE_CSV_COLUMNS } from './writeCatalogueCsv';
export { formatContactSheet, writeContactSheet, MAX_EMBEDDED_THUMBNAILS } from './writeContactSheet';
export type { ContactSheetOptions } from './writeContactSheet';
export { exportCatalogue } from './exportCatalogue';
export { lockOutputFolder, LOCK_FILE } from './lockOutputFolder';
export { parseRedisUrl, checkRedis, PIPELINE_QUEUE_NAME, PIPELINE_JOB_ATTEMPTS, pipelineJobId, pipelineRunKey } from './pipelineQueue';
export type { RedisLocation, PipelineJobData } from './pipelineQueue';
export { runQueuedPipeline } from './runQueuedPipeline';
export type { RunQueuedPipelineOptions, QueuedPipelineSummary } from './runQueuedPipeline';
export { startPipelineWorker } from './startPipelineWorker';
export type { StartPipelineWorkerOptions, PipelineWorker } from './startPipelineWorker';
export { getPipelineQueueStatus } from './getPipelineQueueStatus';
export type { PipelineQueueStatus, FailedPipelineJob } from './getPipelineQueueStatus';
