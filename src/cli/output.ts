import { closeSync, openSync, writeSync } from 'node:fs';

/** Buffered writes to a file descriptor: one syscall per ~64 KiB instead of one per line. */
export class Output {
  private parts: string[] = [];
  private size = 0;
  private readonly fd: number;
  private readonly owned: boolean;

  constructor(path?: string) {
    this.fd = path ? openSync(path, 'w') : 1;
    this.owned = Boolean(path);
  }

  write(s: string): void {
    this.parts.push(s);
    this.size += s.length;
    if (this.size >= 65536) this.flush();
  }

  flush(): void {
    if (this.parts.length === 0) return;
    const data = this.parts.join('');
    this.parts = [];
    this.size = 0;
    try {
      writeSync(this.fd, data);
    } catch (e) {
      // A closed pipe (`| head`) is not an error of ours: stop writing quietly.
      if ((e as NodeJS.ErrnoException).code === 'EPIPE') process.exit(0);
      throw e;
    }
  }

  close(): void {
    this.flush();
    if (this.owned) closeSync(this.fd);
  }
}
