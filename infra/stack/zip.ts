/**
 * Deterministic zips for the Lambda artifacts (yazl): fixed timestamps and modes make the same
 * inputs give the same bytes, so an unchanged function keeps its code hash and CloudFormation
 * leaves it alone.
 */
import { ZipFile } from 'yazl';

export interface ZipEntry {
  /** Path inside the archive, forward slashes. */
  name: string;
  data: Buffer;
}

/** 1980-01-01 00:00 local, the earliest DOS date: no build time leaks into the bytes, in any time zone. */
const FIXED_MTIME = new Date(1980, 0, 1);
/** Regular file, rw-r--r--: Lambda's runtime user must be able to read every file. */
const FILE_MODE = 0o100644;

export function zip(entries: ZipEntry[]): Promise<Buffer> {
  const archive = new ZipFile();
  for (const entry of entries) {
    // forceDosTimestamp: no extra field carrying the (fixed, but local-time) Unix timestamp.
    archive.addBuffer(entry.data, entry.name, { mtime: FIXED_MTIME, mode: FILE_MODE, compress: true, forceDosTimestamp: true });
  }
  archive.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    archive.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    archive.outputStream.on('error', reject);
    archive.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
  });
}
