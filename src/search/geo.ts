/**
 * Great-circle distance for `WithinGeoRange` filters.
 * @module
 */

/** A `geoCoordinates` value as Weaviate stores it. */
export interface GeoCoordinates {
  readonly latitude: number;
  readonly longitude: number;
}

/** Mean Earth radius in metres (IUGG). */
export const EARTH_RADIUS_METRES = 6_371_000;

/** Haversine distance in metres between two coordinates. */
export function haversineMetres(a: GeoCoordinates, b: GeoCoordinates): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 +
    Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_METRES * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** True when `value` looks like `{latitude: number, longitude: number}`. */
export function isGeoCoordinates(value: unknown): value is GeoCoordinates {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.latitude === "number" && typeof v.longitude === "number";
}
