import { define, type PageProps } from "../lib/define.ts";
import { anyone } from "../lib/access.ts";
import { levelLabels, levels } from "../domain/readiness.ts";
import { SETTING_DOCS } from "../domain/settings.ts";

export const config = define.config({ access: anyone, audit: false });

const pct = (x: number) => `${Math.round(x * 100)} %`;

/**
 * "How is this computed?": the words behind every figure on the screens, with the technical
 * terms (p90, MASE, pinball, Little's law, PPR/TTHR) explained once here instead of on the
 * screens a charge nurse reads in five seconds.
 */
export default function HowComputed(_: PageProps<unknown>) {
  const stay = SETTING_DOCS.lengthOfStayHours.default;
  const surge = SETTING_DOCS.maxSurgeShare.default;
  return (
    <article class="how-computed">
      <h1>How is this computed?</h1>
      <p>
        Every screen (the overview, the wall, hospital pages, plans, alerts and briefings) reads the
        same stored plan of each hospital, rebuilt every hour and within a minute of any new data.
        Hours already past are never shown as ahead: the board and the timeline start at the current
        hour, and "now" is the occupancy just reported when a report is less than two hours old.
      </p>

      <h2 id="ranges">Likely, and "1 in 10 chance of more than"</h2>
      <p>
        Forecasts are ranges, not single numbers. <strong>Likely</strong>{" "}
        (the median, p50) is the figure with even odds of being above or below.{" "}
        <strong>1 in 10 chance of more than N</strong>{" "}
        (the 90th percentile, p90) means that in about one hour in ten the real figure exceeds N;
        the low end (p10) is the same on the other side. The shaded bands on the charts run from p10
        to p90: eight hours in ten should fall inside them.
      </p>

      <h2 id="readiness">Readiness levels</h2>
      <p>
        Each hour, the number of patients likely in the ED (its census) is compared with the
        hospital's staffed ED beds:
      </p>
      <dl class="facts">
        {levels.map((l) => (
          <>
            <dt>
              <span class={`badge badge-${l}`}>{l}</span>
            </dt>
            <dd>
              {levelLabels[l]} — {l === "normal"
                ? "even the 1 in 10 high end fits in the staffed beds."
                : l === "elevated"
                ? "there is at least a 1 in 10 chance of more patients than staffed beds."
                : l === "strained"
                ? "more patients than staffed beds are likely (the median is over the beds)."
                : `more patients than staffed beds plus the surge beds allowed (${
                  pct(surge)
                } of staffed beds by default, HHS ASPR) are likely.`}
            </dd>
          </>
        ))}
      </dl>
      <p>
        A hospital's level on the board is its worst hour from now to 72 h ahead, and "from" is the
        first hour at that level ("now" when it is the current one).
      </p>

      <h2 id="census">Patients in the ED (census)</h2>
      <p>
        The census forecast combines the patients there at the last report with the arrivals
        forecast and how long patients stay: on average, patients present = arrivals per hour ×
        hours of stay (Little's law; the M<sub>t</sub>/G/∞ model, Eick, Massey and Whitt, 1993). The
        stay defaults to {stay}{" "}
        h and is estimated from each hospital's own occupancy and arrivals where it reports both.
      </p>

      <h2 id="arrivals">Arrivals forecast</h2>
      <p>
        ED arrivals per hour for the next 72 h come from a model trained on the hospital's history
        (hour of the week, season, holidays, weather, air quality and registered events). The model
        runs on this server and, for what-if, in your browser.
      </p>

      <h2 id="model-errors">How good the model is (/admin/models)</h2>
      <p>
        Before a model is used it is tested on weeks it did not see, forecasting 72 h ahead from
        many starting hours as it would have at the time, and compared with two simple methods: the
        same hour last week (seasonal naive) and a calendar regression (Poisson GLM). The columns:
      </p>
      <dl class="facts">
        <dt>hourly error (MASE)</dt>
        <dd>
          the average hourly error divided by that of "same hour last week": below 1 beats it.
        </dd>
        <dt>range error (pinball)</dt>
        <dd>how far the actual falls outside the forecast ranges, weighted: lower is better.</dd>
        <dt>80 % range coverage</dt>
        <dd>how often the actual fell inside the p10–p90 band: best at 80 %.</dd>
        <dt>daily error (MAPE)</dt>
        <dd>the average error of the day's total, as a percentage: lower is better.</dd>
      </dl>
      <p>
        The table shows, for each simple method, on which columns the model is better and on which
        it is worse; it is activated only when it is better on hourly and range error.
      </p>

      <h2 id="events">Events</h2>
      <p>
        Patients from an event are estimated from its attendance with published rates per 1,000
        attendees for its type: the patient presentation rate (PPR, people seen by on-site medical
        teams) and the transfer-to-hospital rate (TTHR), adjusted for the setting (indoor, bounded,
        alcohol, free water) and the heat. Published rates differ more than tenfold between studies:
        treat them as planning figures. Expected patients are shown in whole people.
      </p>

      <h2 id="conditions">Heat and air quality</h2>
      <p>
        The heat index ("feels like") follows the US National Weather Service formula from
        temperature and humidity; air quality is the US EPA Air Quality Index (AQI) from fine
        particles (PM2.5), coarse particles (PM10) and ozone. Heat and air-quality advice in plans
        follows the NWS and EPA categories.
      </p>

      <h2 id="uploads">Uploads</h2>
      <p>
        A refused upload names the row as it is numbered in your file (the header is row 1 in a CSV,
        the first record is row 1 in JSON) and the column by the name your file uses.
      </p>
    </article>
  );
}
