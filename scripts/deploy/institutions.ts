/**
 * --institutions FILE: a real list of designated institutions (the same CSV or JSON as
 * npm run import:institutions), checked row by row; any bad row stops the deploy before it starts.
 */
import { toDoc } from '../../cloudfunctions/core/facility/institutionDoc';
import { DeclarationError, type DataDeclaration } from './declarations';
import { readInstitutionFile } from '../tools/institutionFile';

export function loadInstitutions(file: string): DataDeclaration {
  let read: ReturnType<typeof readInstitutionFile>;
  try {
    read = readInstitutionFile(file);
  } catch (error) {
    throw new DeclarationError(error instanceof Error ? error.message : String(error));
  }
  const { valid, problems } = read;
  const documents = valid.map((row) => toDoc(row) as unknown as DataDeclaration['documents'][number]);
  if (problems.length)
    throw new DeclarationError(`${file} 有 ${problems.length} 处错误，未部署任何内容：\n  ${problems.join('\n  ')}`);
  return { collection: 'institutions', what: `定点医疗机构（${file}）`, documents };
}
