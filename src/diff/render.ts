import type { Drift, DriftItem } from './compare.js';

// `cis-audit diff` output: a table for people, Markdown for CI pages (JSON is the Drift itself).
const SECTIONS: Array<[keyof Pick<Drift, 'newlyFailing' | 'waiversLapsed' | 'newlyErroring' | 'fixed'>, string]> = [
  ['newlyFailing', 'Newly failing'],
  ['waiversLapsed', 'Failing again: a waiver expired or was removed'],
  ['newlyErroring', 'Newly unreadable (ERROR)'],
  ['fixed', 'Fixed'],
];

const clean = (s: string) => s.replace(/[\u0000-\u001F\u007F-\u009F]/g, '\uFFFD');
const line = (i: DriftItem) => `${i.benchmark} ${i.control} [${i.severity}] ${clean(i.resource)} (${clean(i.region)}): ${clean(i.message)}`;

export function renderDriftText(d: Drift): string {
  const out = [`Drift for account ${d.new.account}: ${d.old.evaluatedAt} → ${d.new.evaluatedAt}`];
  for (const [k, title] of SECTIONS) {
    out.push('', `${title} (${d[k].length})`);
    for (const i of d[k]) out.push(`  ${line(i)}`);
  }
  if (d.controls.length > 0) {
    out.push('', `Control status changes (${d.controls.length})`);
    for (const c of d.controls) out.push(`  ${c.benchmark} ${c.control}: ${c.from} → ${c.to}  ${clean(c.title)}`);
  }
  out.push('', d.newlyFailing.length + d.waiversLapsed.length > 0 ? 'Result: new findings (exit 1)' : 'Result: nothing newly failing (exit 0)');
  return `${out.join('\n')}\n`;
}

const md = (s: string) => clean(s).replace(/[|<>&`]/g, (c) => ({ '|': '\\|', '<': '&lt;', '>': '&gt;', '&': '&amp;', '`': "'" })[c]!);

export function renderDriftMarkdown(d: Drift): string {
  const out = [`## cis-audit drift: account ${md(d.new.account)}`, '', `${md(d.old.evaluatedAt)} → ${md(d.new.evaluatedAt)}`, ''];
  out.push('| change | count |', '| --- | ---: |', ...SECTIONS.map(([k, t]) => `| ${t} | ${d[k].length} |`), '');
  for (const [k, title] of SECTIONS) {
    if (d[k].length === 0) continue;
    out.push(`### ${title}`, '', ...d[k].map((i) => `- **${md(i.benchmark)} ${md(i.control)}** (${md(i.severity)}) \`${md(i.resource)}\` (${md(i.region)}): ${md(i.message)}`), '');
  }
  return `${out.join('\n')}\n`;
}
