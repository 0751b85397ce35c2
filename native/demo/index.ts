/** The demo site's world for the core: started by the device hub when the site asks for demo devices. */
export { startDemoWorld, DEMO_TRAFFIC, type DemoWorld, type DemoWorldOptions } from './world';
export type { TrafficOptions } from './traffic';
/** The demo site's generated past (reports and forecast on first start; benches). */
export { planHistory, seededRandom, type HistoryOptions, type HistoryZone, type PlannedVisit, type PaymentMethod } from './history';
