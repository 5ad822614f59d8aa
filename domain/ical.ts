/**
 * An iCalendar (RFC 5545) feed of an organisation's events, written with ical.js: one VEVENT per
 * event with a stable UID, DTSTAMP, DTSTART/DTEND as UTC date-times (§3.3.5 form 2, which every
 * client places in its own zone), SUMMARY, DESCRIPTION, GEO and CATEGORIES; lines folded at 75
 * octets and ended with CRLF (§3.1). X-WR-CALNAME / X-WR-TIMEZONE name the calendar and the
 * organisation's zone for clients that show them. Pure.
 */
import ICAL from "ical.js";

export interface CalendarEvent {
  id: string;
  code: string;
  name: string;
  type: string;
  lat: number;
  lon: number;
  startsAt: Date | string;
  endsAt: Date | string;
  expectedAttendance: number;
  indoor: boolean;
}

const utc = (t: Date | string) => ICAL.Time.fromJSDate(new Date(t), true);

/** The VCALENDAR text of the events. */
export function eventsCalendar(opts: {
  name: string;
  timezone: string;
  events: CalendarEvent[];
  now: Date;
}): string {
  const cal = new ICAL.Component(["vcalendar", [], []]);
  cal.updatePropertyWithValue("prodid", "-//FestSafe//Events//EN");
  cal.updatePropertyWithValue("version", "2.0");
  cal.updatePropertyWithValue("calscale", "GREGORIAN");
  cal.updatePropertyWithValue("method", "PUBLISH");
  cal.updatePropertyWithValue("x-wr-calname", opts.name);
  cal.updatePropertyWithValue("x-wr-timezone", opts.timezone);
  for (const e of opts.events) {
    const v = new ICAL.Component("vevent");
    const ev = new ICAL.Event(v);
    ev.uid = `${e.id}@festsafe`;
    v.updatePropertyWithValue("dtstamp", utc(opts.now));
    ev.startDate = utc(e.startsAt);
    ev.endDate = utc(e.endsAt);
    ev.summary = e.name;
    ev.description = `${e.type.replaceAll("_", " ")}, ${e.indoor ? "indoor" : "outdoor"}; about ${
      e.expectedAttendance.toLocaleString("en-US")
    } expected. FestSafe id: ${e.code}`;
    v.updatePropertyWithValue("geo", [e.lat, e.lon]);
    v.updatePropertyWithValue("categories", e.type);
    cal.addSubcomponent(v);
  }
  return cal.toString() + "\r\n";
}
