import { AwsCallError } from '../aws/errors.js';
import { defineRegionalDatum } from './datum.js';
import { paginate } from './paginate.js';

// EFS file systems per scanned region (DescribeFileSystems pages with Marker in, NextMarker out).

export interface FileSystem {
  id: string;
  arn: string;
  name?: string;
  encrypted: boolean;
  kmsKeyId?: string;
}

type RawFileSystem = { FileSystemId?: string; FileSystemArn?: string; Name?: string; Encrypted?: boolean; KmsKeyId?: string };

export const fileSystems = defineRegionalDatum<FileSystem[]>({
  key: 'efs.fileSystems',
  description: 'EFS file systems in each scanned region',
  reads: ['elasticfilesystem:DescribeFileSystems'],
  async loadRegion(ctx, region) {
    const raw = await paginate<RawFileSystem>(ctx, 'efs', region, 'DescribeFileSystems', { MaxItems: 100 }, {
      inputToken: 'Marker', outputToken: 'NextMarker', items: 'FileSystems',
    });
    return raw.map((f) => {
      if (!f.FileSystemId || typeof f.Encrypted !== 'boolean') {
        throw new AwsCallError({ service: 'efs', region, operation: 'DescribeFileSystems' }, 'UnexpectedResponse',
          `EFS returned a file system without ${f.FileSystemId ? `Encrypted (${f.FileSystemId})` : 'an id'}`);
      }
      const fs: FileSystem = {
        id: f.FileSystemId,
        arn: f.FileSystemArn ?? `arn:${ctx.partition}:elasticfilesystem:${region}:${ctx.account}:file-system/${f.FileSystemId}`,
        encrypted: f.Encrypted,
      };
      if (f.Name) fs.name = f.Name;
      if (f.KmsKeyId) fs.kmsKeyId = f.KmsKeyId;
      return fs;
    });
  },
});
