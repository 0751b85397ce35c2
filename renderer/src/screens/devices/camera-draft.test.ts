import { describe, expect, it } from 'vitest';
import { cameraDeviceOf, cameraDraftOf, emptyCameraDraft } from './camera-draft';

describe('the camera form draft', () => {
  it("sends only the chosen driver's fields, numbers as numbers, blanks left to the driver", () => {
    const draft = { ...emptyCameraDraft(), id: 'cam-in2', driver: 'rtsp' as const, url: ' rtsp://10.0.0.5/live ', transport: 'tcp' as const, width: '1280', height: '720', folder: '/left/over' };
    expect(cameraDeviceOf(draft)).toEqual({ device: { id: 'cam-in2', kind: 'camera', config: { driver: 'rtsp', url: 'rtsp://10.0.0.5/live', transport: 'tcp', width: 1280, height: 720 } } });
    expect(cameraDeviceOf({ ...draft, driver: 'snapshot', intervalMs: '' })).toEqual({ device: { id: 'cam-in2', kind: 'camera', config: { driver: 'snapshot', url: 'rtsp://10.0.0.5/live' } } });
  });

  it('says what its driver needs and a number that is not a whole number', () => {
    expect(cameraDeviceOf({ ...emptyCameraDraft(), driver: 'usb', width: '12.5' })).toEqual({ problems: { id: 'devices.required', device: 'devices.required', width: 'devices.wholeNumber', height: 'devices.required' } });
  });

  it('reads a stored camera back into the form and saves it unchanged', () => {
    const stored = { id: 'cam', kind: 'camera' as const, config: { driver: 'replay', folder: '/photos', intervalMs: 250 } };
    expect(cameraDraftOf(stored)).toMatchObject({ driver: 'replay', folder: '/photos', intervalMs: '250' });
    expect(cameraDeviceOf(cameraDraftOf(stored))).toEqual({ device: stored });
    expect(cameraDraftOf({ id: 'demo', kind: 'camera', config: { driver: 'demo' } })).toMatchObject({ driver: 'demo' });
  });
});
