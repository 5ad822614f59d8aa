/**
 * The IANA time zone at a place, offline: @photostructure/tz-lookup (a maintained fork of
 * tz-lookup; 73 KB, its own compressed world grid of zone boundaries). Out at sea it answers a
 * nautical zone (Etc/GMT±N); coordinates it cannot place give null. Pure: the location picker
 * imports it too, so a new hospital's zone is suggested where its location is picked.
 */
import tzlookup from "@photostructure/tz-lookup";

export function zoneAt(lat: number, lon: number): string | null {
  if (!Number.isFinite(lat) || !Number.isFinite(lon)) return null;
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180) return null;
  try {
    return tzlookup(lat, lon);
  } catch {
    return null;
  }
}
