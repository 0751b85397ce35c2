import { scriptedRead, SimulatedPlateReader } from '../alpr/simulated-reader';
import { scenePlates } from './demo-camera';

/** The demo lanes' plate reader: reads what the demo camera's scene shows, at the confidence the demo car asks for. */
export function createDemoReader(processingMs = 40): SimulatedPlateReader {
  return new SimulatedPlateReader((frame) => {
    const plate = scenePlates.get(frame.data);
    return plate ? [scriptedRead(plate.text, plate.confidence, plate.box)] : [];
  }, processingMs);
}
