/**
 * The AWS code a function loads only when it first needs it: the Route 53 client and the reader
 * records' calls (a target with a reader endpoint), the CloudFormation listing (a policy naming a
 * stack). One module, so one lazy boundary: esbuild splits the code a lazy module shares with the
 * entry into chunks by which lazy modules reach it, and every such chunk is a file each cold start
 * opens — three boundaries cost alarm-remediation five more files and about 10 ms.
 */
export { newRoute53Client } from './route53-client';
export { listStackResources, newCloudFormationClient } from './cloudformation-listing';
export { changeReaderRecords, listReaderRecords } from '../readers/route53-records';
