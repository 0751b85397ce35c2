/** Messages between the report runner (report-runner.ts) and the report worker (report-worker.ts): plain data. */
import type { ErrorCode, SiteLayout } from '../contract';
import type { ReportName, ReportRangeInput } from '../contract/reports';

export type ReportJob =
  | { readonly kind: 'report'; readonly name: ReportName; readonly range: ReportRangeInput }
  | { readonly kind: 'export'; readonly name: ReportName; readonly range: ReportRangeInput; readonly format: 'csv' | 'pdf' }
  | { readonly kind: 'forecast'; readonly now: number };

export interface ReportWorkerInit {
  /** The site database, opened read-only by the worker. */
  readonly file: string;
}

/** The layout goes with every job: an admin may rename zones or change the time zone between two reports. */
export interface ReportRequest {
  readonly id: number;
  readonly job: ReportJob;
  readonly layout: SiteLayout;
}

export type ReportReply =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly id: number; readonly ok: false; readonly code: ErrorCode; readonly message: string };
