/**
 * Which picked files the page reads, by name: every way a page reads a File's bytes (Blob's arrayBuffer, text, stream
 * and bytes, FileReader's reads) is wrapped to note the file's name first. A file refused from its size must never
 * appear here: reading it first and refusing it afterwards shows the same message, after seconds and gigabytes.
 */
import type { Page } from '@playwright/test';

/** Start noting the files `page` reads (from now on, in this document); `reads()` lists their names in order. */
export async function watchFileReads(page: Page): Promise<{ reads(): Promise<string[]> }> {
  await page.evaluate(() => {
    const reads: string[] = [];
    (window as unknown as { __fileReads: string[] }).__fileReads = reads;
    const note = (blob: unknown) => {
      if (blob instanceof File) reads.push(blob.name);
    };
    const blobMethods = ['arrayBuffer', 'text', 'stream', 'bytes'] as const;
    for (const name of blobMethods) {
      const original = (Blob.prototype as unknown as Record<string, ((this: Blob) => unknown) | undefined>)[name];
      if (!original) continue;
      Object.defineProperty(Blob.prototype, name, {
        configurable: true,
        writable: true,
        value(this: Blob) {
          note(this);
          return original.call(this);
        },
      });
    }
    const readerMethods = ['readAsArrayBuffer', 'readAsText', 'readAsDataURL', 'readAsBinaryString'] as const;
    for (const name of readerMethods) {
      const original = FileReader.prototype[name] as (this: FileReader, blob: Blob, ...rest: unknown[]) => void;
      Object.defineProperty(FileReader.prototype, name, {
        configurable: true,
        writable: true,
        value(this: FileReader, blob: Blob, ...rest: unknown[]) {
          note(blob);
          original.call(this, blob, ...rest);
        },
      });
    }
  });
  return { reads: () => page.evaluate(() => [...(window as unknown as { __fileReads: string[] }).__fileReads]) };
}
