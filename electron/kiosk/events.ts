import type { EventName, EventPayload, KioskEvent } from './contract';

type Listener = (name: EventName, payload: unknown) => void;

/** Fan-out of core events to every connected console, plus the short feed the dashboard shows. */
export class EventBus {
  private readonly listeners = new Set<Listener>();
  private readonly feed: KioskEvent[] = [];

  constructor(private readonly feedSize = 50) {}

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<N extends EventName>(name: N, payload: EventPayload<N>): void {
    for (const listener of this.listeners) listener(name, payload);
  }

  log(event: KioskEvent): void {
    this.feed.unshift(event);
    this.feed.length = Math.min(this.feed.length, this.feedSize);
    this.emit('event.logged', event);
  }

  recent(): KioskEvent[] {
    return [...this.feed];
  }
}
