import type { driverCalls } from '../contract/drivers';
import type { HandlersFor, Services } from '../handlers';
import { driverView } from './driver-service';

/** The console's driver calls (contract/drivers.ts). */
export function driverHandlers(services: Services): HandlersFor<typeof driverCalls> {
  const { drivers, payments } = services;
  return {
    'drivers.search': (input) => ({ drivers: drivers.search(input).map(({ driver, score }) => ({ ...driverView(driver), score })) }),
    'drivers.get': (input) => {
      const driver = drivers.require(input.id);
      return { driver: driverView(driver), walletBalanceMinor: driver.walletId === null ? null : (payments.wallets.get(driver.walletId)?.balanceMinor ?? null) };
    },
    'drivers.create': ({ vehicles, withWallet, ...fields }, actor) => ({ driver: driverView(drivers.create({ ...fields, vehicles, withWallet }, actor)) }),
    'drivers.update': ({ id, version, ...fields }, actor) => ({ driver: driverView(drivers.update(id, version, fields, actor)) }),
    'drivers.addVehicle': ({ driverId, ...vehicle }, actor) => ({ driver: driverView(drivers.addVehicle(driverId, vehicle, actor)) }),
    'drivers.removeVehicle': (input, actor) => ({ driver: driverView(drivers.removeVehicle(input.driverId, input.vehicleId, actor)) }),
    'drivers.export': (input, actor) => ({ data: drivers.export(input.id, actor) }),
    'drivers.erase': async (input, actor) => {
      const { driver, sessionIds } = drivers.erase(input.id, input.reason, actor);
      // The plate photos of their stays go too (after the commit: a file deleted is not rolled back).
      await services.evidence.purgeSessions(sessionIds);
      return { driver: driverView(driver) };
    },
    'drivers.merge': (input, actor) => ({ driver: driverView(drivers.merge({ id: input.fromId, version: input.fromVersion }, { id: input.intoId, version: input.intoVersion }, input.reason, actor)) }),
  };
}
