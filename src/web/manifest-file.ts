/** The name of an issue's manifest in its output folder; on its own so the build's key check needs nothing more. */
export const manifestFileName = 'issue.json';
