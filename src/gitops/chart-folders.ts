import { App, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { at, propError } from '../core/errors';

// A folder name that is one path segment everywhere: no "/" or "\", not "." or "..", no
// leading dot (hidden, and unlike the charts' ids in cdk8s's own output).
const SAFE_FOLDER = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,98}[A-Za-z0-9])?$/;

/**
 * The output folder of every chart of `app`, by chart: its id, checked to be a safe folder name
 * (so no chart can write outside the output folder or over another's files) and unique in the
 * app (nested charts may share an id: `a/edge` and `b/edge` would write one folder).
 * `constructs`: the app's, when the caller has walked the tree already.
 */
export function chartFolders(app: App, constructs: readonly IConstruct[] = app.node.findAll()): Map<Chart, string> {
  const folders = new Map<Chart, string>();
  const byFolder = new Map<string, Chart>();
  for (const chart of constructs.filter(Chart.isChart)) {
    const folder = chart.node.id;
    // Named by the app: the id itself, as the chart's path, may hold anything.
    const where = at(`${app.constructor.name}`);
    if (!SAFE_FOLDER.test(folder)) {
      throw propError(where, 'chart id', folder, 'is not a safe folder name: the chart\'s output folder is named after it',
        'use at most 100 letters, digits, "-", "_" and ".", starting and ending with a letter or digit');
    }
    const other = byFolder.get(folder.toLowerCase());
    if (other !== undefined) {
      throw propError(where, 'chart id', folder, `of chart ${JSON.stringify(chart.node.path)} is also the id of chart ${other.node.path} (folder names are compared ignoring case): both would write the folder ${folder}/`,
        'give each chart its own id');
    }
    byFolder.set(folder.toLowerCase(), chart);
    folders.set(chart, folder);
  }
  return folders;
}

/** The output folder of the chart `scope` is in. */
export function chartFolderOf(app: App, chart: Chart): string {
  const folder = chartFolders(app).get(chart);
  if (folder === undefined) throw propError(at(chart.node.path), 'chart', chart.node.path, 'is not a chart of this app', 'create the chart in this app');
  return folder;
}
