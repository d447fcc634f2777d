import { StudioError } from '../../../shared/api/errors';
import { describeIssues } from '../../../shared/api/validation';
import { ImportOptions, type ImportOptionsInput } from '../../../shared/datasets/import-options';

export * from '../../../shared/datasets/import-options';

/** Fills in defaults; a wrong option is the caller's input error, said in one sentence. */
export function parseImportOptions(input: ImportOptionsInput = {}): ImportOptions {
  const parsed = ImportOptions.safeParse(input);
  if (!parsed.success) throw new StudioError('invalid_input', describeIssues('Import options', parsed.error));
  return parsed.data;
}
