import type { JobDto } from '@bay/shared';

const pad = (n: number) => String(n).padStart(2, '0');

/** "2025-03-04 14:05" in the device's time zone; the same shape reads fine in all three languages. */
export function formatTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** "14:05:09" in the device's time zone (a live figure's last refresh). */
export function formatClock(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

const CURRENCY_SIGN: Record<JobDto['currency'], string> = { CNY: '¥', HKD: 'HK$', MOP: 'MOP$' };

export function formatSalary(job: Pick<JobDto, 'salaryMin' | 'salaryMax' | 'currency'>): string {
  const sign = CURRENCY_SIGN[job.currency];
  const n = (v: number) => v.toLocaleString('en-US');
  return job.salaryMin === job.salaryMax ? `${sign}${n(job.salaryMin)}` : `${sign}${n(job.salaryMin)}–${n(job.salaryMax)}`;
}

/** mm:ss left until `iso`, or null once it has passed. */
export function countdown(iso: string, now: number): string | null {
  const ms = new Date(iso).getTime() - now;
  if (!(ms > 0)) return null;
  const s = Math.ceil(ms / 1000);
  return `${pad(Math.floor(s / 60))}:${pad(s % 60)}`;
}
