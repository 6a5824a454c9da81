import type { ServiceName } from './services.js';

// Client-side request rates per service and region, well under AWS's own API limits, so a scan never starves
// the account's workloads of their quota. `--max-rps` lowers (or raises) all of them at once.
export const DEFAULT_RATES: Record<ServiceName, number> = {
  // An organisation scan assumes a role per account through the caller's STS (quota: hundreds of calls a second).
  sts: 50,
  iam: 10,
  ec2: 20,
  cloudtrail: 5,
  logs: 3,
  cloudwatch: 5,
  sns: 10,
  s3: 50,
  s3control: 10,
  kms: 50,
  config: 5,
  securityhub: 10,
  rds: 5,
  efs: 5,
  macie2: 5,
  accessanalyzer: 5,
  account: 2,
  // Listing a large organisation is one page of 20 accounts per call, before any account is scanned.
  organizations: 5,
  cloudfront: 5,
  elbv2: 10,
};

/** A leaky bucket (GCRA): `rate` calls per second on average, up to `burst` back to back. */
export class RateLimiter {
  private tat = 0; // theoretical arrival time of the next call, in ms

  constructor(
    readonly rate: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  async take(): Promise<void> {
    const interval = 1000 / this.rate;
    const now = this.now();
    this.tat = Math.max(this.tat, now) + interval;
    const wait = this.tat - interval * this.burst - now;
    if (wait > 0) await this.sleep(wait);
  }
}

export function limiterFactory(maxRps?: number): (service: ServiceName, region: string) => RateLimiter {
  const limiters = new Map<string, RateLimiter>();
  return (service, region) => {
    const key = `${service}|${region}`;
    let l = limiters.get(key);
    if (!l) {
      const rate = maxRps ?? DEFAULT_RATES[service];
      l = new RateLimiter(rate, Math.max(1, Math.ceil(rate)));
      limiters.set(key, l);
    }
    return l;
  };
}
