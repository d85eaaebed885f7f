/**
 * --institutions FILE: a real list of designated institutions (the same CSV or JSON as
 * npm run import:institutions), checked row by row; any bad row stops the deploy before it starts.
 */
import { toDoc } from '../../cloudfunctions/core/documents/toInstitutionDoc';
import { DeclarationError, type DataDeclaration } from './declarations';
import { findingText, readInstitutionFile } from '../tools/institutionFile';
import { filtersOf } from '../../cloudfunctions/core/documents/institutionFilters';

/** The institutions, and the filter choices of their cities (facility_filters), as data to load. */
export function loadInstitutions(file: string): DataDeclaration[] {
  let read: ReturnType<typeof readInstitutionFile>;
  try {
    read = readInstitutionFile(file);
  } catch (error) {
    throw new DeclarationError(error instanceof Error ? error.message : String(error));
  }
  const { valid, headerProblem } = read;
  const problems = headerProblem ? [headerProblem] : read.problems.map(findingText);
  const docs = valid.map(({ row }) => toDoc(row));
  const documents = docs as unknown as DataDeclaration['documents'];
  if (problems.length)
    throw new DeclarationError(`${file} 有 ${problems.length} 处错误，未部署任何内容：\n  ${problems.join('\n  ')}`);
  return [
    { collection: 'institutions', what: `定点医疗机构（${file}）`, documents },
    // From this list alone: a deploy's list is the city's whole list.
    {
      collection: 'facility_filters',
      what: `定点机构筛选项（${file}）`,
      documents: filtersOf(docs, () => null) as unknown as DataDeclaration['documents'],
    },
  ];
}
