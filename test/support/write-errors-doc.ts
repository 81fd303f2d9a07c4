/** Writes docs/errors.md from the bad-input catalogue (`npx projen docs:errors`). */
import * as fs from 'fs';
import * as path from 'path';
import { renderErrorsDoc } from '../bad-inputs';
import { removeGitopsFolders } from '../catalogue/gitops';

try {
  fs.writeFileSync(path.join(__dirname, '..', '..', 'docs', 'errors.md'), renderErrorsDoc());
} finally {
  removeGitopsFolders();
}
