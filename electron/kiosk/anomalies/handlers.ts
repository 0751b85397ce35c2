import type { anomalyCalls } from '../contract/anomalies';
import type { HandlersFor, Services } from '../handlers';

/** The console's anomaly calls (contract/anomalies.ts); supervisors and up, checked by the connection. */
export function anomalyHandlers({ anomalies }: Services): HandlersFor<typeof anomalyCalls> {
  return {
    'anomalies.list': (input) => anomalies.list(input.status, input.limit),
    'anomalies.acknowledge': (input, actor) => ({ anomaly: anomalies.acknowledge(input.id, input.note, actor) }),
  };
}
