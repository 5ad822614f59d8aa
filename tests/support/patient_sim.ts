/**
 * A patient-by-patient ED simulator with known rates, written independently of the product (its
 * own random numbers, normal CDF and integrals) so that tests can hold the product's figures
 * against a truth the product never computed:
 * - arrivals: an inhomogeneous Poisson process, piecewise constant per hour, rate = mean per day ÷
 *   24 × hour-of-day profile × day-of-week profile (local time), arrival instants uniform in the
 *   hour;
 * - stays: lognormal with a given mean and coefficient of variation.
 * The truth of the future is the simulator's expectation given its own state at the origin.
 */

const HOUR = 3_600_000;

/** Relative arrivals by local hour 0–23 (night trough, late-morning peak); mean 1. */
const HOUR_SHAPE = [
  0.55,
  0.45,
  0.4,
  0.35,
  0.35,
  0.4,
  0.55,
  0.8,
  1.1,
  1.35,
  1.45,
  1.5,
  1.45,
  1.4,
  1.35,
  1.3,
  1.3,
  1.3,
  1.25,
  1.2,
  1.1,
  0.95,
  0.8,
  0.65,
];
/** Relative arrivals by local weekday, Sunday first (busy Mondays); mean 1. */
const WEEK_SHAPE = [0.94, 1.12, 1.03, 1.0, 0.98, 0.97, 0.96];
const hourMean = HOUR_SHAPE.reduce((a, b) => a + b, 0) / 24;
const weekMean = WEEK_SHAPE.reduce((a, b) => a + b, 0) / 7;

export interface SimOptions {
  arrivalsPerDay: number;
  stayMeanHours: number;
  stayCv: number;
  timeZone: string;
  seed: number;
}

/** mulberry32: small, seeded, good enough for simulation. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Local hour and weekday of an instant. */
function localHourDay(tz: string): (t: number) => { hour: number; day: number } {
  const f = new Intl.DateTimeFormat("en-US", {
    timeZone: tz,
    hourCycle: "h23",
    hour: "numeric",
    weekday: "short",
  });
  const days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  return (t) => {
    const p = Object.fromEntries(f.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
    return { hour: Number(p.hour) % 24, day: days.indexOf(p.weekday) };
  };
}

/** Complementary error function: Numerical Recipes' erfcc (|relative error| < 1.2e-7). */
function erfc(x: number): number {
  const z = Math.abs(x), t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(
    -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
                  t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 +
                                  t * (-0.82215223 + t * 0.17087277)))))))),
  );
  return x >= 0 ? r : 2 - r;
}

export class PatientSim {
  readonly sigma: number;
  readonly mu: number;
  private readonly local: (t: number) => { hour: number; day: number };
  /** Arrival instant and departure instant of every simulated patient, in arrival order. */
  readonly patients: { a: number; d: number }[] = [];

  constructor(readonly o: SimOptions) {
    const s2 = Math.log(1 + o.stayCv * o.stayCv);
    this.sigma = Math.sqrt(s2);
    this.mu = Math.log(o.stayMeanHours) - s2 / 2;
    this.local = localHourDay(o.timeZone);
  }

  /** Expected arrivals per hour in the hour starting at t (a whole UTC hour). */
  rate(t: number): number {
    const { hour, day } = this.local(t);
    return this.o.arrivalsPerDay / 24 * (HOUR_SHAPE[hour] / hourMean) *
      (WEEK_SHAPE[day] / weekMean);
  }

  /** P(stay > u hours). */
  survival(u: number): number {
    if (u <= 0) return 1;
    return 0.5 * erfc((Math.log(u) - this.mu) / (this.sigma * Math.SQRT2));
  }

  /** Simulates the hours [from, to) and returns the arrivals counted per hour. */
  run(from: number, to: number): number[] {
    const random = rng(this.o.seed);
    const normal = () => {
      const u = Math.max(1e-12, random()), v = random();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    };
    const counts: number[] = [];
    for (let t = from; t < to; t += HOUR) {
      // Poisson by inversion (rates here are below 40 per hour).
      const lambda = this.rate(t);
      let k = 0, p = Math.exp(-lambda), c = p;
      const u = random();
      while (u > c && k < 1000) {
        k++;
        p *= lambda / k;
        c += p;
      }
      const arrivals = Array.from({ length: k }, () => t + random() * HOUR).sort((a, b) => a - b);
      for (const a of arrivals) {
        const stay = Math.exp(this.mu + this.sigma * normal());
        this.patients.push({ a, d: a + stay * HOUR });
      }
      counts.push(k);
    }
    return counts;
  }

  /** Patients in the department at instant t. */
  present(t: number): number {
    let n = 0;
    for (const p of this.patients) if (p.a <= t && p.d > t) n++;
    return n;
  }

  /** True expected arrivals over [origin, origin + hours h). */
  expectedArrivals(origin: number, hours: number): number {
    let s = 0;
    for (let k = 0; k < hours; k++) s += this.rate(origin + k * HOUR);
    return s;
  }

  /**
   * True expected census averaged over each hour of [origin, origin + hours h), given the state at
   * origin: each patient present then stays on with P(stay > t − a | stay > origin − a); patients
   * arriving from origin on are counted by ∫ λ(u) P(stay > t − u) du (midpoint rule, 3-minute steps).
   */
  expectedCensus(origin: number, hours: number): number[] {
    const here = this.patients.filter((p) => p.a <= origin && p.d > origin);
    const rates = Array.from({ length: hours }, (_, k) => this.rate(origin + k * HOUR));
    const step = 0.05, grid = 12;
    const out: number[] = [];
    for (let k = 0; k < hours; k++) {
      let sum = 0;
      for (let g = 0; g < grid; g++) {
        const t = k + (g + 0.5) / grid; // hours after origin
        let m = 0;
        for (const p of here) {
          const age = (origin - p.a) / HOUR;
          m += this.survival(age + t) / this.survival(age);
        }
        for (let u = step / 2; u < t; u += step) {
          m += rates[Math.floor(u)] * this.survival(t - u) * step;
        }
        sum += m;
      }
      out.push(sum / grid);
    }
    return out;
  }
}
