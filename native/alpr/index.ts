/** The plate reader's entry for the core: the interface, the real reader (ONNX in a worker) and the simulator. */
export { checkFrame, PlateReaderError, type Frame, type FrameReading, type PlateRead, type PlateReader, type ReadPriority } from './reader';
export { OnnxPlateReader, type OnnxReaderOptions } from './onnx-reader';
export { SimulatedPlateReader, scriptedRead } from './simulated-reader';
export { shippedThresholds } from './models';
