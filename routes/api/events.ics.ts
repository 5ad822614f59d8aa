import { z } from "zod";
import { define } from "../../lib/define.ts";
import { anyone } from "../../lib/access.ts";
import { calendarFeed } from "../../services/calendar_feed.ts";

export const handler = define.api({
  GET: define.operation({
    summary: "iCalendar feed of the organisation's events",
    description: "RFC 5545 calendar of the organisation's events (from 90 days back), for " +
      "calendar clients to subscribe to. The token is the organisation's calendar-feed token, " +
      "created and revoked by its admins on /admin; a revoked or unknown token gets 404. Times " +
      "are UTC; X-WR-TIMEZONE names the organisation's zone.",
    tags: ["interoperability"],
    query: z.object({ token: z.string().min(1).max(200) }),
    responses: { 200: { contentType: "text/calendar", description: "VCALENDAR" } },
    errors: [404],
    // The token is the credential (calendar clients cannot send headers); events are not
    // patient data, so reads are not audited.
    meta: { access: anyone, audit: false },
    async handler(ctx) {
      return new Response(await calendarFeed(ctx.state.db, ctx.query.token), {
        headers: {
          "content-type": "text/calendar; charset=utf-8",
          "cache-control": "private, max-age=300",
          "content-disposition": 'inline; filename="festsafe-events.ics"',
        },
      });
    },
  }),
});
