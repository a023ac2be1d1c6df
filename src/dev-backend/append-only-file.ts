import { open, type FileHandle } from "node:fs/promises";

/**
 * A file that lines are appended to and made durable in groups (group commit): `append` only
 * queues, one writer writes everything queued so far and `fdatasync`s it, and `durable()` resolves
 * once every line appended before it is on disk. A burst of commits therefore costs one sync, not
 * one each, and the caller that must not answer before its write is safe waits only for that.
 */
export class AppendOnlyFile {
  private queued: string[] = [];
  private appended = 0;
  private synced = 0;
  private writing: Promise<void> | undefined;
  private failure: Error | undefined;
  private waiters: Array<{ upTo: number; resolve: () => void; reject: (error: Error) => void }> = [];
  /** Bytes in the file: the owner compacts it when it grows. */
  size = 0;

  private constructor(private readonly handle: FileHandle) {}

  static async open(file: string): Promise<AppendOnlyFile> {
    const handle = await open(file, "a");
    const appender = new AppendOnlyFile(handle);
    appender.size = (await handle.stat()).size;
    return appender;
  }

  append(line: string): void {
    this.queued.push(line);
    this.appended++;
    this.writing ??= this.writeQueued();
  }

  /** Resolves when every line appended so far is synced; rejects if the disk refused one. */
  durable(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.synced >= this.appended) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ upTo: this.appended, resolve, reject }));
  }

  /** Empties the file once what it held is saved elsewhere (a snapshot); queued lines stay queued. */
  async truncate(): Promise<void> {
    await this.writing;
    await this.handle.truncate(0);
    await this.handle.datasync();
    this.size = 0;
  }

  async close(): Promise<void> {
    await this.writing;
    await this.handle.close();
  }

  private async writeQueued(): Promise<void> {
    try {
      while (this.queued.length > 0) {
        const batch = this.queued;
        this.queued = [];
        const text = batch.join("");
        await this.handle.write(text);
        await this.handle.datasync();
        this.size += Buffer.byteLength(text);
        this.synced += batch.length;
        this.settle();
      }
    } catch (error) {
      this.failure = error instanceof Error ? error : new Error(String(error));
      for (const waiter of this.waiters.splice(0)) waiter.reject(this.failure);
    } finally {
      this.writing = undefined;
    }
  }

  private settle(): void {
    this.waiters = this.waiters.filter((waiter) => {
      if (waiter.upTo > this.synced) return true;
      waiter.resolve();
      return false;
    });
  }
}
