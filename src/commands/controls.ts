import { Command } from '@oclif/core';
import { CIS_AWS_1_2_0 } from '../benchmark/cis-aws-1.2.0.js';
import { findCheck } from '../checks/registry.js';
import { renderControlList } from '../report/controls-table.js';

export interface ControlListing {
  id: string;
  title: string;
  severity: string;
  section: string;
  sectionTitle: string;
  assessment: string;
  implemented: boolean;
  aggregation: string;
  remediation: { kind: string; summary: string };
  checks: string[];
}

export function listControls(): ControlListing[] {
  return CIS_AWS_1_2_0.controls.map((c) => ({
    id: c.id,
    title: c.title,
    severity: c.severity,
    section: c.section,
    sectionTitle: CIS_AWS_1_2_0.sections[c.section] ?? c.section,
    assessment: c.assessment,
    implemented: c.checks.length > 0 && c.checks.every((id) => findCheck(id) !== undefined),
    aggregation: c.aggregation,
    remediation: c.remediation,
    checks: c.checks,
  }));
}

export default class Controls extends Command {
  static override summary = 'List the 43 CIS AWS Foundations v1.2.0 controls cis-audit evaluates.';
  static override enableJsonFlag = true;

  async run(): Promise<{ benchmark: string; controls: ControlListing[] }> {
    await this.parse(Controls);
    const controls = listControls();
    if (!this.jsonEnabled()) {
      process.stdout.write(renderControlList(controls, process.stdout.isTTY ? process.stdout.columns : undefined));
    }
    return { benchmark: `${CIS_AWS_1_2_0.name} ${CIS_AWS_1_2_0.version}`, controls };
  }
}
