export interface MultipartBody {
  readonly fields: Readonly<Record<string, string>>;
  readonly files: Readonly<Record<string, Buffer>>;
}

/** A multipart/form-data body split into its text fields and its file parts, bytes untouched. */
export function parseMultipart(body: Buffer, contentType: string): MultipartBody {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  const marker = boundary?.[1] ?? boundary?.[2];
  if (marker === undefined) throw new Error('the multipart body has no boundary');
  const delimiter = Buffer.from(`\r\n--${marker}`);
  const whole = Buffer.concat([Buffer.from('\r\n'), body]);
  const fields: Record<string, string> = {};
  const files: Record<string, Buffer> = {};
  let start = whole.indexOf(delimiter);
  while (start !== -1) {
    const partStart = start + delimiter.length;
    const next = whole.indexOf(delimiter, partStart);
    if (next === -1) break;
    const part = whole.subarray(partStart + 2, next);
    const headerEnd = part.indexOf('\r\n\r\n');
    const headers = part.subarray(0, headerEnd).toString('utf8');
    const content = part.subarray(headerEnd + 4);
    const name = /name="([^"]*)"/.exec(headers)?.[1] ?? '';
    if (headers.includes('filename="')) files[name] = Buffer.from(content);
    else fields[name] = content.toString('utf8');
    start = next;
  }
  return { fields, files };
}
