/**
 * Which catalogued event a message is, for events that come without an id: DescribeEvents
 * returns source, time, categories and message only. The patterns follow both the wording of
 * real messages ("Multi-AZ instance failover started.", "Started cross AZ failover to DB
 * instance: …") and the AWS reference's descriptions, which differ; the first match wins, so
 * the more specific wording comes first. A message none recognises keeps the `unknown-` id.
 */
const RECOGNISED: ReadonlyArray<readonly [string, RegExp]> = [
  ['RDS-EVENT-0015', /dns propagation|standby instance is complete|failover to standby complete/],
  ['RDS-EVENT-0013', /multi-az (instance )?failover (has )?started|promotion of a standby instance has started/],
  ['RDS-EVENT-0049', /multi-az (instance )?failover (has )?completed/],
  ['RDS-EVENT-0034', /not attempting a requested failover/],
  ['RDS-EVENT-0050', /multi-az activation (has )?started/],
  ['RDS-EVENT-0051', /multi-az activation (is )?complete/],
  ['RDS-EVENT-0065', /recovered from a partial failover/],
  ['RDS-EVENT-0072', /started same az failover|begun within the same availability zone/],
  ['RDS-EVENT-0073', /started cross az failover|begun across availability zones/],
  ['RDS-EVENT-0070', /promoting previous primary|failover for the db cluster has restarted/],
  ['RDS-EVENT-0071', /completed failover to db instance|failover for the db cluster has finished/],
  ['RDS-EVENT-0069', /cluster failover failed|failover for the db cluster has failed/],
  ['RDS-EVENT-0045', /error has occurred in the read replication process/],
  ['RDS-EVENT-0046', /read replica has resumed replication/],
  ['RDS-EVENT-0057', /replication on the read replica was terminated/],
  ['RDS-EVENT-0062', /replication on the read replica was manually stopped/],
  ['RDS-EVENT-0063', /replication .*(was )?reset/],
  ['RDS-EVENT-0202', /read replica creation failed|creation of the read replica failed/],
  ['RDS-EVENT-0221', /storage-full threshold/],
  ['RDS-EVENT-0222', /free storage capacity .* is low/],
  ['RDS-EVENT-0224', /maximum storage threshold/],
  ['RDS-EVENT-0227', /aurora storage subsystem is running low/],
  ['RDS-EVENT-0089', /consumed more than 90%/],
  ['RDS-EVENT-0007', /allocated storage for the db instance has been (exhausted|consumed)/],
  ['RDS-EVENT-0022', /error has occurred while restarting mysql/],
  ['RDS-EVENT-0031', /has failed due to an incompatible configuration/],
  ['RDS-EVENT-0035', /has invalid parameters/],
  ['RDS-EVENT-0036', /incompatible network/],
  ['RDS-EVENT-0020', /recovery of the db instance has started/],
  ['RDS-EVENT-0021', /recovery of the db instance is complete/],
  ['RDS-EVENT-0087', /db instance (has been )?stopped/],
  ['RDS-EVENT-0088', /db instance (has been )?started/],
  ['RDS-EVENT-0006', /db instance (has )?restarted/],
  ['RDS-EVENT-0004', /db instance shutdown/],
  ['RDS-EVENT-0005', /^db instance created/],
  ['RDS-EVENT-0003', /db instance (has been )?deleted/],
];

export function eventIdFromMessage(message: string): string | undefined {
  const text = message.trim().toLowerCase();
  return RECOGNISED.find(([, pattern]) => pattern.test(text))?.[0];
}
