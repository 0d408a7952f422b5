import { HttpProblem } from '../http-problem.ts';
import { HttpErrors } from '../http.errors.ts';

export const UPLOAD_QUOTA_WINDOW_MS = 60 * 60 * 1_000;

export interface UploadQuotaLimits {
  readonly uploadsPerHour: number;
  readonly bytesPerHour: number;
}

interface Upload {
  readonly at: number;
  readonly bytes: number;
}

/** The user's uploads of the last hour already reach the quota; `Retry-After` says when the oldest leaves the window. */
export class UploadQuotaExceeded extends HttpProblem {
  constructor(
    readonly retryAfterSeconds: number,
    limits: UploadQuotaLimits,
  ) {
    super(
      HttpErrors.UploadQuotaExceeded,
      `the upload quota is used up: at most ${limits.uploadsPerHour} uploads and ${limits.bytesPerHour} bytes per hour`,
      {
        ...limits,
        retryAfterSeconds,
      },
    );
  }
}

/**
 * Each user's uploads over a sliding hour, counted and summed in bytes. A file is reserved once it
 * has arrived (its size known) and before it is stored, and given back when the upload fails.
 * Kept in this process: with several API processes each holds its own count, so a user may reach
 * up to that many times the quota (see docs/api.md).
 */
export class UploadQuota {
  private readonly uploads = new Map<string, Upload[]>();

  constructor(
    readonly limits: UploadQuotaLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** Refuses at once when the last hour already holds the most uploads or bytes allowed, before any byte is read. */
  requireRoom(userId: string): void {
    const recent = this.recentOf(userId);
    const bytes = recent.reduce((sum, upload) => sum + upload.bytes, 0);
    if (recent.length >= this.limits.uploadsPerHour || bytes >= this.limits.bytesPerHour) this.refuse(recent);
  }

  /** Counts an arrived file of `bytes`; refuses when it would pass the quota. Returns what gives it back. */
  reserve(userId: string, bytes: number): () => void {
    const recent = this.recentOf(userId);
    const used = recent.reduce((sum, upload) => sum + upload.bytes, 0);
    if (recent.length + 1 > this.limits.uploadsPerHour || used + bytes > this.limits.bytesPerHour) this.refuse(recent);
    const upload: Upload = { at: this.now(), bytes };
    recent.push(upload);
    this.uploads.set(userId, recent);
    return () => {
      const kept = this.recentOf(userId).filter((candidate) => candidate !== upload);
      if (kept.length === 0) this.uploads.delete(userId);
      else this.uploads.set(userId, kept);
    };
  }

  private recentOf(userId: string): Upload[] {
    const since = this.now() - UPLOAD_QUOTA_WINDOW_MS;
    return (this.uploads.get(userId) ?? []).filter((upload) => upload.at > since);
  }

  private refuse(recent: readonly Upload[]): never {
    const oldest = recent[0]?.at ?? this.now();
    throw new UploadQuotaExceeded(Math.max(1, Math.ceil((oldest + UPLOAD_QUOTA_WINDOW_MS - this.now()) / 1_000)), this.limits);
  }
}
