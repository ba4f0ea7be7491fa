import type { z } from 'zod';
import { auApi } from './au';
import { authApi } from './auth';
import { certificatesApi } from './certificates';
import { coursesApi } from './courses';
import { mergeSpecs, type MethodSpec } from './define';
import { studioApi } from './questions';
import { learnersApi } from './learners';
import { lrsApi } from './lrs';
import { updatesApi } from './updates';
import { hubApi } from './hub';
import { libraryApi } from './library';
import { regionsApi } from './regions';
import { reportsApi } from './reports';
import { h5pApi } from './h5p';
import { scormApi } from './scorm';
import { settingsApi } from './settings';
import { setupApi } from './setup';
import { systemApi } from './system';
import { tasksApi } from './tasks';
import { transferApi } from './transfer';

/**
 * The one contract: every call the UI can make. Both transports (Electron IPC and the HTTP host)
 * serve exactly this map, and the renderer's client is typed by it.
 */
export const api = mergeSpecs(
  systemApi,
  authApi,
  coursesApi,
  scormApi,
  h5pApi,
  auApi,
  certificatesApi,
  learnersApi,
  libraryApi,
  regionsApi,
  reportsApi,
  settingsApi,
  setupApi,
  tasksApi,
  transferApi,
  lrsApi,
  updatesApi,
  hubApi,
  studioApi,
);

export type Api = typeof api;
export type MethodName = keyof Api;

/** What the caller passes (before defaults are applied). */
export type ApiInput<K extends MethodName> = z.input<Api[K]['input']>;
/** What the handler receives (after parsing and defaults). */
export type ApiParsed<K extends MethodName> = z.output<Api[K]['input']>;
export type ApiOutput<K extends MethodName> = Api[K] extends MethodSpec<z.ZodType, infer O> ? O : never;

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(api, name);
}
