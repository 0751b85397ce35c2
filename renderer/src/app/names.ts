import type { SiteLayout } from '../api';

/** Display names from the site layout, falling back to the id so nothing renders blank. */
export function zoneName(layout: SiteLayout, id: string): string {
  const z = layout.zones.find((x) => x.id === id);
  return z ? (z.level ? `${z.name} · ${z.level}` : z.name) : id;
}

export function className(layout: SiteLayout, id: string): string {
  return layout.vehicleClasses.find((x) => x.id === id)?.name ?? id;
}

export function laneName(layout: SiteLayout, id: string | null): string | null {
  if (id === null) return null;
  return layout.lanes.find((x) => x.id === id)?.name ?? id;
}
