import type { spaceCalls } from '../contract/spaces';
import type { HandlersFor, Services } from '../handlers';

/** The console's layout calls (contract/spaces.ts). */
export function spaceHandlers(services: Services): HandlersFor<typeof spaceCalls> {
  const { spaces } = services;
  return {
    'spaces.list': () => ({ floors: spaces.repo.floors(), spaces: spaces.repo.list() }),
    'spaces.availability': () => ({ rows: spaces.availabilityNow() }),
    'spaces.saveFloor': (input, actor) => ({ floor: spaces.saveFloor(input.floor, input.reason, actor) }),
    'spaces.save': (input, actor) => ({ space: spaces.save(input.space, input.reason, actor) }),
  };
}
