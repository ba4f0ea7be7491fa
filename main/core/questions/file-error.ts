/** The whole file cannot be read (not an XLSX, no header row, not XML): nothing of it is imported. */
export class ImportFileError extends Error {
  constructor(
    message: string,
    readonly indonesian: string,
  ) {
    super(message);
  }
}
