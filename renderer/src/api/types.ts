/**
 * The console's view of the kiosk: one typed client over a pluggable transport (Electron IPC via the preload, or
 * the loopback WebSocket bridge in a browser). Contract types only: the renderer never imports the contract's code.
 */
import type {
  CallName,
  CallResult,
  ErrorCode,
  EventName,
} from '../../../electron/kiosk/contract';

export type {
  AuditAction,
  AuditEntry,
  AuditQuery,
  CallInput,
  CallName,
  CallOutput,
  CallResult,
  DeviceHealth,
  EventName,
  EventPayload,
  KioskEvent,
  OccupancyRow,
  QuoteView,
  Role,
  Session,
  Shift,
  Site,
  SiteLayout,
  SpaceType,
  User,
} from '../../../electron/kiosk/contract';

/** Where the link to the kiosk stands. `epoch` counts successful connects: a new epoch means a new server-side login. */
export type ConnectionState =
  | { readonly kind: 'connecting'; readonly epoch: number }
  | { readonly kind: 'open'; readonly epoch: number }
  | { readonly kind: 'lost'; readonly epoch: number; readonly attempt: number; readonly retryAt: number };

export type EventListener = (name: EventName, payload: unknown) => void;
export type StateListener = (state: ConnectionState) => void;

/** Moves one request and its result, and pushed events. Rejects with TransportError when the link fails. */
export interface Transport {
  request(call: CallName, input: unknown): Promise<CallResult<CallName>>;
  onEvent(listener: EventListener): () => void;
  onState(listener: StateListener): () => void;
  state(): ConnectionState;
  close(): void;
}

/** Codes a call can fail with: the kiosk's own, plus the two the console sees when the link itself fails. */
export type ClientErrorCode = ErrorCode | 'disconnected' | 'timeout';

export interface Issue {
  readonly path: string;
  readonly message: string;
}

export class TransportError extends Error {
  constructor(
    readonly code: 'disconnected' | 'timeout',
    message: string,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}
