/**
 * The demo site's camera: shows an empty lane or a demo car, five frames a second. The demo reader (demo-reader.ts)
 * reads back what the scene shows, through the frame's pixels' identity: the scene is the ground truth.
 */
import type { Frame } from '../alpr/reader';
import { PlaybackCamera } from '../camera/playback-camera';
import { renderScene, type Scene, type SceneCar } from './scene';

export interface DemoCar extends SceneCar {
  /** What the demo reader reports for this plate: a dirty plate reads at low confidence. */
  readonly readConfidence: number;
}

/** Frame pixels -> the plate they show. Shared by every demo camera; entries go with their frames. */
export const scenePlates = new WeakMap<Uint8Array, { text: string; confidence: number; box: NonNullable<Scene['plateBox']> }>();

export class DemoCamera extends PlaybackCamera {
  private scene: Scene | null = null;
  private readonly scenes = new Map<string, Promise<Scene>>();

  constructor(
    private readonly label: string,
    intervalMs = 200,
    now: () => number = Date.now,
  ) {
    super(intervalMs, now, { healthy: false, reason: 'drawing the first picture' });
    void this.show(null);
  }

  /** Puts a car in front of the camera (null: the lane is empty); resolves once frames show it. */
  async show(car: DemoCar | null): Promise<void> {
    const key = car ? `${car.plate}|${car.colour}|${car.readConfidence}` : '';
    let scene = this.scenes.get(key);
    if (!scene) {
      scene = renderScene(this.label, car);
      this.scenes.set(key, scene);
    }
    try {
      const drawn = await scene;
      if (car && drawn.plateBox) scenePlates.set(drawn.frame.data, { text: car.plate.replace(/\s+/g, ''), confidence: car.readConfidence, box: drawn.plateBox });
      this.scene = drawn;
      this.state = { ...this.state, healthy: true, reason: undefined };
    } catch (error) {
      this.scenes.delete(key);
      this.state = { healthy: false, reason: `cannot draw the demo picture: ${(error as Error).message}` };
    }
  }

  protected nextPicture(): Omit<Frame, 'capturedAt'> | null {
    return this.scene?.frame ?? null;
  }
}
