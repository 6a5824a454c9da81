import { describe, expect, it } from 'vitest';
import { logsAllManagementEvents, managementEvents } from '../../../src/collect/cloudtrail.js';

const mgmt = (...extra: Array<Record<string, unknown>>) => ({
  Name: 'm', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, ...extra],
});

describe('managementEvents', () => {
  it('basic selectors: All is complete; WriteOnly is write-only; IncludeManagementEvents=false selects none', () => {
    expect(logsAllManagementEvents(managementEvents({ EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }] }))).toBe(true);
    expect(managementEvents({ EventSelectors: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true }] })).toMatchObject({ read: false, write: true });
    expect(managementEvents({ EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: false }] })).toMatchObject({ read: false, write: false });
    expect(managementEvents({ EventSelectors: [] }).style).toBe('none');
  });

  it('basic selectors: ExcludeManagementEventSources is reported and is not complete', () => {
    const m = managementEvents({ EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, ExcludeManagementEventSources: ['kms.amazonaws.com'] }] });
    expect(m.excludedSources).toEqual(['kms.amazonaws.com']);
    expect(logsAllManagementEvents(m)).toBe(false);
  });

  it('basic selectors: a ReadOnly and a WriteOnly selector together log everything', () => {
    const m = managementEvents({ EventSelectors: [{ ReadWriteType: 'ReadOnly' }, { ReadWriteType: 'WriteOnly' }] });
    expect(logsAllManagementEvents(m)).toBe(true);
  });

  it('advanced: Management with no readOnly field logs reads and writes', () => {
    const m = managementEvents({ AdvancedEventSelectors: [mgmt()] });
    expect(m).toMatchObject({ style: 'advanced', read: true, write: true });
    expect(logsAllManagementEvents(m)).toBe(true);
  });

  it('advanced: readOnly Equals true is read-only; readOnly NotEquals true is write-only', () => {
    expect(managementEvents({ AdvancedEventSelectors: [mgmt({ Field: 'readOnly', Equals: ['true'] })] })).toMatchObject({ read: true, write: false });
    expect(managementEvents({ AdvancedEventSelectors: [mgmt({ Field: 'readOnly', NotEquals: ['true'] })] })).toMatchObject({ read: false, write: true });
    expect(managementEvents({ AdvancedEventSelectors: [mgmt({ Field: 'readOnly', Equals: ['true', 'false'] })] })).toMatchObject({ read: true, write: true });
  });

  it('advanced: eventSource NotEquals kms is an excluded source, even with SDK-style undefined members', () => {
    const m = managementEvents({
      AdvancedEventSelectors: [mgmt({ Field: 'eventSource', NotEquals: ['kms.amazonaws.com'], Equals: undefined, StartsWith: undefined })],
    });
    expect(m.excludedSources).toEqual(['kms.amazonaws.com']);
    expect(m.otherConditions).toEqual([]);
    expect(logsAllManagementEvents(m)).toBe(false);
  });

  it('advanced: a data-events selector is ignored; a complete selector is not narrowed by another one', () => {
    const data = { Name: 'd', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }] };
    expect(managementEvents({ AdvancedEventSelectors: [data] })).toMatchObject({ read: false, write: false });
    const m = managementEvents({ AdvancedEventSelectors: [mgmt(), mgmt({ Field: 'eventSource', NotEquals: ['kms.amazonaws.com'] }), data] });
    expect(logsAllManagementEvents(m)).toBe(true);
  });

  it('advanced: a read selector and a write selector that excludes kms leave kms writes unlogged', () => {
    const m = managementEvents({
      AdvancedEventSelectors: [
        mgmt({ Field: 'readOnly', Equals: ['true'] }),
        mgmt({ Field: 'readOnly', Equals: ['false'] }, { Field: 'eventSource', NotEquals: ['kms.amazonaws.com'] }),
      ],
    });
    expect(m).toMatchObject({ read: true, write: true, excludedSources: ['kms.amazonaws.com'] });
    expect(logsAllManagementEvents(m)).toBe(false);
  });
});
